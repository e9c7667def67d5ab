"""Excel import: template, a valid file, a file with bad rows (report, nothing imported), broken files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from partycell.people.models import Membership, Person
from partycell.web.imports import SPECS
from tests.factories import PersonFactory
from workflows.models import Candidacy

HEADERS = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã chi bộ", "Trình độ giáo dục phổ thông", "Đoàn viên"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def upload(client, kind, file, **extra):
    return client.post(reverse("import-upload", args=[kind]), {"file": file, **extra})


def test_import_template_has_the_vietnamese_headers(tree, secretary, login):
    response = login(secretary).get(reverse("import-template", args=["candidates"]))

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    headers = next(sheet.iter_rows(values_only=True))
    assert headers[:5] == ("Họ và tên *", "Ngày sinh *", "Giới tính *", "Số CCCD *", "Mã chi bộ *")
    assert len(headers) == len(SPECS["candidates"].columns)


def test_import_a_valid_file_registers_every_candidate(tree, secretary, login):
    code = tree.cell_a.code
    file = xlsx([
        ["Nguyễn Văn An", "17/05/1998", "Nam", "001098000001", code, "THPT", "có"],
        ["Trần Thị Bình", "02/01/2000", "nữ", "001200000002", code, "THCS", ""],
    ])  # fmt: skip

    response = upload(login(secretary), "candidates", file)

    assert response.status_code == 302
    assert sorted(Candidacy.objects.values_list("person__full_name", flat=True)) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert Person.objects.get(citizen_id="001098000001").is_youth_union_member is True


def test_import_with_bad_rows_reports_each_and_imports_nothing(tree, secretary, login):
    code = tree.cell_a.code
    file = xlsx([
        ["Nguyễn Văn An", "17/05/1998", "Nam", "001098000001", code, "THPT", ""],
        ["Trần Thị Bình", "31/02/2000", "Nữ", "12", code, "", ""],
        ["Lê Văn Cường", "01/01/1990", "Nam", "001090000003", "KHONG-CO", "", ""],
    ])  # fmt: skip

    response = upload(login(secretary), "candidates", file)

    rows = response.context["rows"]
    assert response.status_code == 422
    assert [row.number for row in rows if row.errors] == [3, 4]
    assert any("Ngày sinh" in error for error in rows[1].errors)
    assert any("Mã chi bộ" in error for error in rows[2].errors)
    assert Person.objects.count() == 0


def test_import_only_the_valid_rows_when_asked(tree, secretary, login):
    client = login(secretary)
    code = tree.cell_a.code
    report = upload(client, "candidates", xlsx([
        ["Nguyễn Văn An", "17/05/1998", "Nam", "001098000001", code, "", ""],
        ["Trần Thị Bình", "", "Nữ", "001200000002", code, "", ""],
    ]))  # fmt: skip

    response = client.post(
        reverse("import-upload", args=["candidates"]), {"token": report.context["token"], "only_valid": "1"}
    )

    assert response.status_code == 302
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]


def test_import_a_duplicate_citizen_id_within_the_file_is_an_error(tree, secretary, login):
    code = tree.cell_a.code
    PersonFactory(unit=tree.cell_a, citizen_id="001098000009")
    file = xlsx([
        ["Nguyễn Văn An", "17/05/1998", "Nam", "001098000001", code, "", ""],
        ["Trần Văn An", "17/05/1998", "Nam", "001098000001", code, "", ""],
        ["Lê Văn An", "17/05/1998", "Nam", "001098000009", code, "", ""],
    ])  # fmt: skip

    response = upload(login(secretary), "candidates", file)

    assert [bool(row.errors) for row in response.context["rows"]] == [True, True, True]


@pytest.mark.parametrize(
    ("name", "content"), [("hong.xlsx", b"PK\x03\x04 this is not really a zip"), ("notes.txt", b"hello")]
)
def test_import_a_broken_file_gives_one_clear_message(tree, secretary, login, name, content):
    response = upload(login(secretary), "candidates", SimpleUploadedFile(name, content))

    errors = response.context["form"].errors["file"]
    assert response.status_code == 422
    assert len(errors) == 1
    assert Person.objects.count() == 0


def test_import_wrong_headers_names_the_missing_columns(tree, secretary, login):
    response = upload(login(secretary), "candidates", xlsx([["An", "1/1/2000"]], headers=["Tên", "Ngày"]))

    [error] = response.context["form"].errors["file"]
    assert "Họ và tên" in error and "Số CCCD" in error


def test_import_a_too_big_file_is_refused(tree, secretary, login, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 100

    response = upload(login(secretary), "candidates", xlsx([["Nguyễn Văn An", "17/05/1998", "Nam", "1", "x", "", ""]]))

    assert response.status_code == 422
    assert len(response.context["form"].errors["file"]) == 1


def test_import_members_creates_their_membership(tree, secretary, login):
    headers = [*HEADERS[:5], "Trạng thái", "Ngày quyết định kết nạp", "Ngày công nhận chính thức"]
    file = xlsx(
        [["Phạm Quốc Dũng", "01/02/1980", "Nam", "001080000004", tree.cell_a.code, "Chính thức", "02/03/2010",
          "20/03/2011"]],
        headers=headers,
    )  # fmt: skip

    response = upload(login(secretary), "members", file)

    membership = Membership.objects.get(person__citizen_id="001080000004")
    assert response.status_code == 302
    assert (membership.cell, membership.status) == (tree.cell_a, "official")


def test_import_is_forbidden_to_an_auditor(tree, auditor, login):
    response = upload(login(auditor), "candidates", xlsx([]))

    assert response.status_code == 403

"""Excel import: template, a valid file, a file with bad rows (report, nothing imported), broken files,
and workbooks as real Excel saves them (numbers for CCCDs, real dates, decomposed Vietnamese)."""

import datetime
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from partycell.people.models import Membership, Person
from partycell.web.imports import SPECS
from tests.factories import PersonFactory, Role, assign_role, make_unit
from workflows.models import Candidacy

HEADERS = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã chi bộ", "Trình độ giáo dục phổ thông", "Đoàn viên"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    """A workbook as Excel saves it: numbers stay numbers, dates are real dates shown dd/mm/yyyy."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def upload(client, kind, file, **extra):
    return client.post(reverse("import-upload", args=[kind]), {"file": file, **extra}, HTTP_ACCEPT_LANGUAGE="en")


def template(client, kind="candidates"):
    response = client.get(reverse("import-template", args=[kind]))
    return load_workbook(io.BytesIO(response.content))


def errors_of(response, number):
    return next(row.errors for row in response.context["rows"] if row.number == number)


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
    assert [row.number for row in rows] == [3, 4]  # the rows to correct; the valid one is counted
    assert response.context["total"] == 3
    assert any("Ngày sinh" in error for error in rows[0].errors)
    assert any("Mã chi bộ" in error for error in rows[1].errors)
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


def test_import_template_keeps_leading_zeros_in_the_cccd_phone_and_code_columns(tree, secretary, login):
    sheet = template(login(secretary), "members")["Danh sách"]

    headers = {cell.value.rstrip(" *"): get_column_letter(cell.column) for cell in sheet[1]}
    text_columns = ["Số CCCD", "Điện thoại", "Mã chi bộ", "Số quyết định kết nạp", "Số thẻ đảng viên"]
    assert [sheet.column_dimensions[headers[name]].number_format for name in text_columns] == ["@"] * 5
    assert sheet.column_dimensions[headers["Ngày sinh"]].number_format == "DD/MM/YYYY"
    example = sheet[f"{headers['Số CCCD']}2"]
    assert (example.value, example.number_format) == ("001098001234", "@")
    assert sheet[f"{headers['Mã chi bộ']}2"].value == tree.cell_a.code


def test_import_template_lists_the_codes_of_the_users_cells_only(tree, secretary, grassroots_staff, login):
    def codes(user):
        return [row[:2] for row in template(login(user))["Mã chi bộ"].iter_rows(min_row=2, values_only=True)]

    assert codes(secretary) == [(tree.cell_a.code, tree.cell_a.name)]
    assert codes(grassroots_staff) == [(tree.cell_a.code, tree.cell_a.name), (tree.cell_b.code, tree.cell_b.name)]


def test_import_template_offers_the_codes_as_a_choice_in_the_code_column(tree, secretary, login):
    sheet = template(login(secretary))["Danh sách"]

    [choice] = sheet.data_validations.dataValidation
    # As far down as the 10,000 rows a file may hold.
    assert (choice.type, choice.formula1, str(choice.sqref)) == ("list", "'Mã chi bộ'!$A$2:$A$2", "E2:E10001")


def test_import_a_workbook_as_excel_saves_it(tree, secretary, login):
    code = tree.cell_a.code
    decomposed = unicodedata.normalize("NFD", "Trần Thị Bích Ngọc")
    file = xlsx([
        # Excel turned 001098000001 into a number; his sex and year of birth confirm the two lost zeros.
        ["Nguyễn Văn An", datetime.datetime(1998, 5, 17), "Nam", 1098000001, code, "THPT", "có"],
        [decomposed, "02-01-2000", "Nữ", "079300000002", code, "", ""],
        ["Lê Văn Cư\u200bờng", "03.04.1995", "Nam", "０３１０９５０００００３", code, "", ""],
        ["Phạm Thị Dung", "1990-12-31", "nữ", 31190000004.0, code, "", ""],
    ])  # fmt: skip

    response = upload(login(secretary), "candidates", file)

    assert response.status_code == 302
    people = {p.citizen_id: (p.full_name, p.date_of_birth) for p in Person.objects.all()}
    assert people == {
        "001098000001": ("Nguyễn Văn An", datetime.date(1998, 5, 17)),
        "079300000002": ("Trần Thị Bích Ngọc", datetime.date(2000, 1, 2)),
        "031095000003": ("Lê Văn Cường", datetime.date(1995, 4, 3)),
        "031190000004": ("Phạm Thị Dung", datetime.date(1990, 12, 31)),
    }
    assert all(unicodedata.is_normalized("NFC", name) for name, _born in people.values())
    assert Person.objects.search("tran thi bich ngoc").count() == 1


def test_import_reports_every_error_of_a_row(tree, secretary, login):
    file = xlsx([["Trần Thị Bình", "17/05/98", "Nữ", "0012", "KHONG-CO", "Đại học", "có"]])

    response = upload(login(secretary), "candidates", file)

    assert response.status_code == 422
    assert errors_of(response, 2) == [
        "Ngày sinh: “17/05/98” is not a date written as dd/mm/yyyy (for example 17/05/1998).",
        "Trình độ giáo dục phổ thông: Unknown value; see the sheet of allowed values.",
        "Mã chi bộ: none of your party cells has the code “KHONG-CO”; the sheet “Mã chi bộ” of the template "
        "lists them.",
        "Số CCCD: A citizen ID (CCCD) has exactly 12 digits.",
    ]
    assert Person.objects.count() == 0


def test_import_names_an_impossible_date_as_such(tree, secretary, login):
    file = xlsx([["Trần Thị Bình", "31/02/2001", "Nữ", "001301000002", tree.cell_a.code, "", ""]])

    response = upload(login(secretary), "candidates", file)

    assert errors_of(response, 2) == ["Ngày sinh: 31/02/2001 is not a date: February has no day 31."]


def test_import_names_an_impossible_date_in_vietnamese(tree, secretary, login):
    file = xlsx([["Trần Thị Bình", "31/02/2001", "Nữ", "001301000002", tree.cell_a.code, "", ""]])

    response = login(secretary).post(reverse("import-upload", args=["candidates"]), {"file": file})

    assert errors_of(response, 2) == ["Ngày sinh: 31/02/2001 không phải là ngày có thật: tháng 2 không có ngày 31."]


def test_import_refuses_a_cccd_number_whose_lost_zeros_the_row_does_not_confirm(tree, secretary, login):
    # 079300000002 is a woman's born in 2000; on a man born in 1998 the number is not restored.
    file = xlsx([["Nguyễn Văn An", "17/05/1998", "Nam", 79300000002, tree.cell_a.code, "", ""]])

    response = upload(login(secretary), "candidates", file)

    assert errors_of(response, 2) == [
        "Số CCCD: Excel stored 79300000002 as a number and dropped its leading zero; 079300000002 does not agree "
        "with this row's sex and year of birth, so it was not taken. Format the column as Text and type the 12 "
        "digits."
    ]


def test_import_restores_the_zero_of_a_phone_and_of_a_code_typed_as_numbers(tree, secretary, login):
    numbered = make_unit("subordinate_cell", parent=tree.grassroots, name="Chi bộ số", code="000123")
    assign_role(secretary, Role.CELL_SECRETARY, numbered)
    file = xlsx(
        [["Nguyễn Văn An", "17/05/1998", "Nam", "001098000001", 123, 912345678]],
        headers=[*HEADERS[:5], "Điện thoại"],
    )

    response = upload(login(secretary), "candidates", file)

    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.unit, person.phone) == (numbered, "0912345678")


def test_import_skips_the_templates_example_row_left_in_place(tree, secretary, login):
    client = login(secretary)
    workbook = template(client)
    workbook["Danh sách"].append(["Trần Thị Bình", "02/01/2000", "Nữ", "001300000002", tree.cell_a.code])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, "candidates", SimpleUploadedFile("mau.xlsx", buffer.getvalue()))

    assert response.status_code == 302
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Trần Thị Bình"]


def test_import_start_page_lists_the_users_cell_codes(tree, secretary, login):
    response = login(secretary).get(reverse("import"))

    assert [cell.code for cell in response.context["cells"]] == [tree.cell_a.code]
    assert tree.cell_a.code in response.content.decode()

"""An .xlsx that is small on the wire but huge once opened is refused before openpyxl reads it
(issue 13, finding 6: shared strings expanding to 160 MiB tied up a worker for 81 s at 663 MiB)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from partycell.people.models import Person
from partycell.web.spreadsheet_files import SpreadsheetRejected, open_workbook

MIB = 1024 * 1024


def _valid_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Ngày sinh"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shared_strings_bomb() -> bytes:
    """A real workbook whose sharedStrings.xml holds 160 MiB of strings (a few hundred KB zipped)."""
    source = zipfile.ZipFile(io.BytesIO(_valid_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                bomb.writestr(item, source.read(item))
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b"<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>" * 16384
            for _ in range(160 * MIB // len(chunk)):
                strings.write(chunk)
            strings.write(b"</sst>")
    return buffer.getvalue()


def test_bomb_is_small_on_the_wire(shared_strings_bomb):
    assert len(shared_strings_bomb) < 2 * MIB
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(shared_strings_bomb)).infolist())
    assert declared > 159 * MIB


def test_open_workbook_refuses_a_file_that_expands_past_the_limit(shared_strings_bomb):
    with pytest.raises(SpreadsheetRejected) as refused:
        open_workbook(io.BytesIO(shared_strings_bomb))

    assert "more than 50 MB of data once opened" in refused.value.message


def test_open_workbook_opens_an_ordinary_file():
    workbook = open_workbook(io.BytesIO(_valid_xlsx()))
    try:
        assert next(workbook.worksheets[0].iter_rows(values_only=True)) == ("Họ và tên", "Ngày sinh")
    finally:
        workbook.close()


def test_a_part_lying_about_its_size_is_refused_as_damaged():
    # Declares 10 bytes for the sheet, holds more: zipfile stops at 10 and its CRC check fails.
    data = bytearray(_valid_xlsx())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    while data[central + 46: central + 46 + len(sheet.filename)] != sheet.filename.encode():
        central = data.rfind(b"PK\x01\x02", 0, central)
    data[central + 24: central + 28] = (10).to_bytes(4, "little")  # uncompressed size in the directory

    with pytest.raises(SpreadsheetRejected) as refused:
        workbook = open_workbook(io.BytesIO(bytes(data)))
        list(workbook.worksheets[0].iter_rows(values_only=True))

    assert "damaged" in refused.value.message


def test_import_page_answers_the_bomb_with_one_clear_message(tree, secretary, login, shared_strings_bomb):
    client = login(secretary)

    response = client.post(
        reverse("import-upload", args=["candidates"]),
        {"file": SimpleUploadedFile("danh-sach.xlsx", shared_strings_bomb)}, HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip

    assert response.status_code == 422
    [error] = response.context["form"].errors["file"]
    assert "more than 50 MB of data once opened" in error
    assert Person.objects.count() == 0

"""Exports: named in Vietnamese with the day they were made, and readable as .xlsx."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from partycell.web.exports import export_filename


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("candidacy-export", "ho-so-2026-11-29.xlsx"),
        ("todo-export", "viec-can-lam-2026-11-29.xlsx"),
        ("person-export", "danh-sach-nguoi-2026-11-29.xlsx"),
    ],
)
def test_export_is_named_in_vietnamese_with_its_date(tree, commune_staff, login, url, filename):
    client = login(commune_staff)

    # 29 November 2026, 23:30 in Hà Nội is still the 29th there, though already past 16:30 UTC.
    with time_machine.travel(datetime.datetime(2026, 11, 29, 16, 30, tzinfo=datetime.UTC), tick=False):
        response = client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "Full name"


def test_export_filename_takes_the_given_day():
    assert export_filename("ho-so", on=datetime.date(2026, 1, 5)) == "ho-so-2026-01-05.xlsx"


def test_a_name_that_looks_like_a_formula_exports_as_text(tree, commune_staff, login):
    from tests.factories import PersonFactory

    PersonFactory(unit=tree.cell_a, full_name='=HYPERLINK("https://evil.example","Bấm vào đây")')

    response = login(commune_staff).get(reverse("person-export"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("https://evil.example","Bấm vào đây")']


def test_a_search_with_a_nul_byte_answers_the_page(tree, commune_staff, login):
    client = login(commune_staff)

    assert client.get(reverse("person-list"), {"q": "nguy\x00en"}).status_code == 200
    assert client.get(reverse("person-export"), {"q": "\x00"}).status_code == 200


def test_a_candidate_search_with_a_nul_byte_answers_the_page(tree, commune_staff, login):
    assert login(commune_staff).get(reverse("candidacy-list"), {"q": "a\x00b"}).status_code == 200

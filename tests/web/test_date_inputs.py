"""Dates in the web forms: typed with /, - or ., and a refusal that shows the format or names the day."""

import datetime

import pytest
from django.urls import reverse

from partycell.formats.dates import DateField
from partycell.people.models import Person
from partycell.web.actions import evidence_form
from tests.web.conftest import make_candidacy
from tests.web.test_register_views import registration
from workflows.enums import Action

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize("typed", ["17/05/1999", "17-05-1999", "17.05.1999"])
def test_register_accepts_a_date_of_birth_with_any_of_the_three_separators(tree, secretary, login, typed):
    response = login(secretary).post(reverse("candidacy-register"), registration(tree.cell_a, date_of_birth=typed))

    assert response.status_code == 302
    assert Person.objects.get().date_of_birth == datetime.date(1999, 5, 17)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("1999/05/17", "“1999/05/17” is not a date written as dd/mm/yyyy (for example 17/05/1998)."),
        ("31/02/1999", "31/02/1999 is not a date: February has no day 31."),
    ],
)
def test_register_refuses_a_date_with_the_format_or_the_impossible_day(tree, secretary, login, typed, error):
    data = registration(tree.cell_a, date_of_birth=typed)

    response = login(secretary).post(reverse("candidacy-register"), data, **EN)

    assert response.status_code == 422
    assert response.context["form"].errors["date_of_birth"] == [error]


def test_register_refuses_an_impossible_day_in_vietnamese(tree, secretary, login):
    data = registration(tree.cell_a, date_of_birth="30.02.1999")

    response = login(secretary).post(reverse("candidacy-register"), data)

    assert response.context["form"].errors["date_of_birth"] == [
        "30.02.1999 không phải là ngày có thật: tháng 2 không có ngày 30."
    ]


def test_register_shows_each_cell_with_its_code(tree, grassroots_staff, login):
    response = login(grassroots_staff).get(reverse("candidacy-register"), **EN)

    labels = [label for _value, label in response.context["form"].fields["cell"].choices][1:]
    assert labels == [f"{cell.name} (code {cell.code})" for cell in (tree.cell_a, tree.cell_b)]


def test_evidence_form_on_the_page_explains_a_refused_date(tree):
    candidacy = make_candidacy(tree.cell_a)

    form = evidence_form(Action.SYMPATHISER_ADD, candidacy, {"resolution_date": "31.04.2026"})

    assert isinstance(form.fields["resolution_date"], DateField)
    assert form.errors["resolution_date"] == ["31.04.2026 is not a date: April has no day 31."]


def test_evidence_form_on_the_page_keeps_the_engines_date_rules(tree, today):
    candidacy = make_candidacy(tree.cell_a)
    tomorrow = (today + datetime.timedelta(days=1)).strftime("%d-%m-%Y")

    form = evidence_form(Action.SYMPATHISER_ADD, candidacy, {"resolution_date": tomorrow})

    assert form.errors["resolution_date"] == ["This date is in the future."]

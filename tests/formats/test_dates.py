"""Dates as people type them: the three separators, impossible days named, the format shown."""

import datetime

import pytest
from django import forms
from django.utils import translation

from partycell.formats.dates import DateField, DateNotRead, read_date, why_not_a_date


@pytest.mark.parametrize("text", ["17/05/1998", "17-05-1998", "17.05.1998", "1998-05-17", "17/5/1998", " 17/05/1998 "])
def test_read_date_accepts_the_three_separators_and_iso(text):
    assert read_date(text) == datetime.date(1998, 5, 17)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2001", "31/02/2001 is not a date: February has no day 31."),
        ("31.04.2001", "31.04.2001 is not a date: April has no day 31."),
        ("29/02/2001", "29/02/2001 is not a date: 2001 is not a leap year, February has 28 days."),
        ("12/13/2001", "12/13/2001 is not a date: there is no month 13."),
        ("00/01/2001", "00/01/2001 is not a date: there is no day 0."),
        ("2001-02-30", "2001-02-30 is not a date: February has no day 30."),
    ],
)
def test_read_date_names_an_impossible_day(text, message):
    with pytest.raises(DateNotRead) as refused:
        read_date(text)

    assert refused.value.message == message


@pytest.mark.parametrize("text", ["17/05/98", "17 tháng 5 1998", "17/05-1998", "1998/05/17", "hôm qua", "17/05/0000"])
def test_read_date_shows_the_expected_format_for_any_other_text(text):
    with pytest.raises(DateNotRead) as refused:
        read_date(text)

    assert refused.value.message == f"“{text}” is not a date written as dd/mm/yyyy (for example 17/05/1998)."


def test_read_date_accepts_a_leap_day():
    assert read_date("29.02.2000") == datetime.date(2000, 2, 29)


def test_why_not_a_date_speaks_vietnamese():
    with translation.override("vi"):
        impossible = why_not_a_date("31/02/2001")
        wrong = why_not_a_date("17/05/98")

    assert impossible == "31/02/2001 không phải là ngày có thật: tháng 2 không có ngày 31."
    assert "dd/mm/yyyy" in wrong and "không" in wrong


class _Form(forms.Form):
    day = DateField(label="Day")


@pytest.mark.parametrize("text", ["01/02/2001", "01-02-2001", "01.02.2001"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_date_field_accepts_the_three_separators_in_both_languages(text, language):
    with translation.override(language):
        form = _Form({"day": text})

        assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2001, 2, 1)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_plain_django_date_field_accepts_what_the_date_field_accepts(language):
    """The engine's evidence forms use Django's DateField; a service validating the same POST agrees."""
    plain = forms.DateField()

    with translation.override(language):
        parsed = [plain.clean(text) for text in ["01/02/2001", "01-02-2001", "01.02.2001", "2001-02-01"]]

    assert parsed == [datetime.date(2001, 2, 1)] * 4


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("01/02/01", "“01/02/01” is not a date written as dd/mm/yyyy (for example 17/05/1998)."),
        ("31/02/2001", "31/02/2001 is not a date: February has no day 31."),
    ],
)
def test_date_field_error_shows_the_format_or_names_the_impossible_day(text, error):
    form = _Form({"day": text})

    assert form.errors["day"] == [error]
    assert form.errors.as_data()["day"][0].code == "invalid"


def test_date_field_like_keeps_the_engine_fields_label_and_validators():
    engine = forms.DateField(label="Decision date", required=False, validators=[lambda value: None])

    field = DateField.like(engine)

    assert (field.label, field.required, field.validators) == ("Decision date", False, engine.validators)
    assert field.widget.attrs["placeholder"] == "dd/mm/yyyy"

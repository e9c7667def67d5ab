"""Dates as people type them: dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy.

The web forms and the Excel import accept the same text (the ``DATE_INPUT_FORMATS`` of the format
modules next to this one) and explain a refusal the same way: text of the wrong shape is answered with
the expected format, and a day that does not exist is named as such ("31/02/2001 is not a date:
February has no day 31"), because "enter a valid date" leaves the user guessing which of the two it is.
"""

import calendar
import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# What a user is told to type; the same in every language, as on Vietnamese paper forms.
DATE_PATTERN = "dd/mm/yyyy"
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _month_name(month: int) -> str:
    # In a sentence ("February has no day 31"); Django's own month names are capitalised in Vietnamese.
    names = {
        1: pgettext("in a sentence", "January"), 2: pgettext("in a sentence", "February"),
        3: pgettext("in a sentence", "March"), 4: pgettext("in a sentence", "April"),
        5: pgettext("in a sentence", "May"), 6: pgettext("in a sentence", "June"),
        7: pgettext("in a sentence", "July"), 8: pgettext("in a sentence", "August"),
        9: pgettext("in a sentence", "September"), 10: pgettext("in a sentence", "October"),
        11: pgettext("in a sentence", "November"), 12: pgettext("in a sentence", "December"),
    }  # fmt: skip
    return names[month]


class DateNotRead(ValueError):
    """The text is not a date; ``message`` says why, translated, in one sentence."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def _impossible(text: str, *, day: int, month: int, year: int) -> str | None:
    """Why day/month/year is no day of the calendar, or None when it is one."""
    reason = None
    if not 1 <= month <= 12:
        reason = _("there is no month %(month)s") % {"month": month}
    elif not 1 <= day <= 31:
        reason = _("there is no day %(day)s") % {"day": day}
    elif day > calendar.monthrange(year, month)[1]:
        if month == 2 and day == 29:
            reason = _("%(year)s is not a leap year, February has 28 days") % {"year": year}
        else:
            reason = _("%(month)s has no day %(day)s") % {"month": _month_name(month), "day": day}
    if reason is None:
        return None
    return _("%(text)s is not a date: %(reason)s.") % {"text": text, "reason": reason}


def wrong_format(text: str) -> str:
    return _("“%(text)s” is not a date written as %(pattern)s (for example 17/05/1998).") % {
        "text": text,
        "pattern": DATE_PATTERN,
    }


def read_date(text: str) -> datetime.date:
    """The date written in ``text`` (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd); ``DateNotRead`` if none.

    Accepts exactly what ``DATE_INPUT_FORMATS`` accepts, so an import and a form agree.
    """
    text = text.strip()
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise DateNotRead(wrong_format(text))
    if year == 0:
        raise DateNotRead(wrong_format(text))
    if reason := _impossible(text, day=day, month=month, year=year):
        raise DateNotRead(reason)
    return datetime.date(year, month, day)


def why_not_a_date(text: str) -> str:
    """The message for text a date field refused: an impossible day, or the expected format."""
    try:
        read_date(text)
    except DateNotRead as error:
        return error.message
    return wrong_format(text.strip())


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: works with the keyboard and without JavaScript in every browser."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": gettext_lazy("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy (or with - or .); a refusal says whether the format or the day is wrong.

    Parsing is Django's, from ``DATE_INPUT_FORMATS``, so this field accepts exactly what the engine's
    own evidence forms accept when a service validates the same submission again.
    """

    widget = DateInput

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid" or not isinstance(value, str):
                raise
            raise ValidationError(why_not_a_date(value), code="invalid") from None

    @classmethod
    def like(cls, field: forms.DateField) -> "DateField":
        """This kind of field in place of ``field`` (an engine form's), with its label, help and validators."""
        return cls(
            label=field.label, required=field.required, help_text=field.help_text, initial=field.initial,
            validators=list(field.validators), disabled=field.disabled, error_messages=field.error_messages,
        )  # fmt: skip

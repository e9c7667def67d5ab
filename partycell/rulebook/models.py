"""The effective-dated rulebook and the working-day calendar overrides.

Every number of the procedure (ages, vote ratios, deadlines, validity periods) is a ``Rule`` row,
never a constant in code. A rule id such as ``age.min_months`` has one row per version; each
version is in force from ``effective_from`` to ``effective_to`` (both inclusive; an empty end means
"still in force"), and the versions of one id never overlap. A new regulation is adopted by closing
the old version and adding a new one, so a case is always judged by the value in force on the date
of its event. See docs/rulebook.md.

``CalendarDay`` rows correct the Vietnamese working-day calendar (``partycell.rulebook.calendar``):
extra days off decided by the government and make-up working Saturdays/Sundays.
"""

import datetime
import re
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

RuleValue = int | Fraction | str | bool

_INTEGER = re.compile(r"-?\d+")
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")
_BOOLEANS = {"true": True, "false": False}


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Integer")
    FRACTION = "fraction", _("Fraction")
    TEXT = "text", _("Text")
    BOOLEAN = "boolean", _("Yes/no")


class RuleUnit(models.TextChoices):
    MONTHS = "months", _("Months")
    WORKING_DAYS = "working_days", _("Working days")
    DAYS = "days", _("Days")
    RATIO = "ratio", _("Ratio")
    LEVEL = "level", _("Level")
    FLAG = "flag", _("Flag")
    COUNT = "count", _("Count")


class Confidence(models.TextChoices):
    HIGH = "H", _("High: primary text or consistent sources")
    MEDIUM = "M", _("Medium: one secondary source or an inference")
    LOW = "L", _("Low: unverified")


def parse_rule_value(value_type: str, text: str) -> RuleValue:
    """Turn the stored text into a typed value; raise ``ValueError`` when it does not parse.

    Fractions must be written ``p/q`` with ``0 < p <= q`` (a vote ratio); booleans ``true``/``false``.
    """
    text = text.strip()
    if value_type == ValueType.INTEGER:
        if not _INTEGER.fullmatch(text):
            raise ValueError(text)
        return int(text)
    if value_type == ValueType.FRACTION:
        match = _FRACTION.fullmatch(text)
        if not match:
            raise ValueError(text)
        numerator, denominator = int(match[1]), int(match[2])
        if not 0 < numerator <= denominator:
            raise ValueError(text)
        return Fraction(numerator, denominator)
    if value_type == ValueType.BOOLEAN:
        if text.lower() not in _BOOLEANS:
            raise ValueError(text)
        return _BOOLEANS[text.lower()]
    if value_type == ValueType.TEXT:
        if not text:
            raise ValueError(text)
        return text
    raise ValueError(value_type)


def canonical_rule_value(value: RuleValue) -> str:
    """The text stored for a typed value: ``216``, ``2/3``, ``lower_secondary``, ``true``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return str(value)


_VALUE_ERRORS = {
    ValueType.INTEGER: _("Enter a whole number, for example 216."),
    ValueType.FRACTION: _("Enter a fraction p/q with 0 < p ≤ q, for example 2/3."),
    ValueType.BOOLEAN: _("Enter true or false."),
    ValueType.TEXT: _("Enter a value."),
}


class Rule(models.Model):
    """One version of one rule, in force from ``effective_from`` to ``effective_to`` inclusive."""

    rule_id = models.CharField(
        _("rule id"),
        max_length=100,
        db_index=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9_]+(\.[a-z0-9_]+)*$",
                _("Use lower-case letters, digits and underscores, in parts separated by dots."),
            )
        ],
        help_text=_("Stable key used by the code, e.g. age.min_months. Never rename it."),
    )
    regulation = models.CharField(
        _("regulation"), max_length=100, help_text=_("The document that sets this value, e.g. 294-QĐ/TW.")
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Last day in force (inclusive). Leave empty while the version is still in force."),
    )
    value_type = models.CharField(_("value type"), max_length=20, choices=ValueType.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "Examples: 216, 2/3, lower_secondary, true. Changing the value changes it for every date of "
            "this version; to adopt a new regulation, close this version and add a new one instead."
        ),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=RuleUnit.choices)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_("Address(es) of the public source."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["rule_id", "-effective_from"]
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "effective_from"], name="rulebook_rule_unique_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="rulebook_rule_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} = {self.value} ({self.regulation}, {self.effective_from:%d/%m/%Y})"

    @property
    def typed_value(self) -> RuleValue:
        """The value as ``int``, ``fractions.Fraction``, ``str`` or ``bool`` according to ``value_type``."""
        return parse_rule_value(self.value_type, self.value)

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def clean(self) -> None:
        """Refuse an inverted period, a value that does not parse, and an overlap with another version."""
        errors: dict[str, ValidationError] = {}
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = ValidationError(
                _("The end date cannot be before the start date."), code="ends_before_start"
            )
        if self.value_type in ValueType.values and self.value is not None:
            try:
                self.value = canonical_rule_value(parse_rule_value(self.value_type, self.value))
            except ValueError:
                errors["value"] = ValidationError(_VALUE_ERRORS[ValueType(self.value_type)], code="invalid_value")
        if self.rule_id and self.effective_from and "effective_to" not in errors:
            overlap_error = self._overlap_error()
            if overlap_error:
                errors.update(overlap_error)
        if errors:
            raise ValidationError(errors)

    def _overlap_error(self) -> dict[str, ValidationError]:
        others = Rule.objects.filter(rule_id=self.rule_id).exclude(pk=self.pk)
        others = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
        if self.effective_to is not None:
            others = others.filter(effective_from__lte=self.effective_to)
        other = others.order_by("effective_from").first()
        if other is None:
            return {}
        # Blame the start date when it falls inside the other version, otherwise the end date.
        field = "effective_from" if other.is_in_force_on(self.effective_from) else "effective_to"
        message = _(
            "This period overlaps the version of %(rule_id)s in force from %(start)s (%(regulation)s). "
            "Close that version with an end date first."
        )
        params = {
            "rule_id": self.rule_id,
            "start": date_format(other.effective_from, "SHORT_DATE_FORMAT"),
            "regulation": other.regulation,
        }
        return {field: ValidationError(message, code="overlap", params=params)}


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Make-up working day")


class CalendarDay(models.Model):
    """A correction to the working-day calendar, decided by the government or an administrator."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DayKind.choices,
        help_text=_(
            "An extra day off is never a working day; a make-up working day (a Saturday or Sunday worked "
            "in exchange for a day off) always is."
        ),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"

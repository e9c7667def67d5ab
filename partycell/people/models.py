"""People (candidates, members, introducers) and the party membership roll."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partycell.choice_labels import ChoiceLabelsMixin
from partycell.people.choices import (
    ETHNIC_GROUPS,
    KINH,
    EducationLevel,
    Occupation,
    Qualification,
    Religion,
    Sector,
    Sex,
)
from partycell.people.vietnamese import fold, has_letter, name_sort_key, normalise_text, split_full_name

citizen_id_validator = RegexValidator(
    regex=r"^[0-9]{12}$",
    message=_("A citizen ID (CCCD) has exactly 12 digits."),
    code="invalid_citizen_id",
)


def validate_not_in_future(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


# The earliest dates that make sense (issue 13, item 7), stated once: every form, import and API
# field of a birth date or of a party event validates with these.
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
PARTY_FOUNDED_ON = datetime.date(1930, 2, 3)  # the Communist Party of Vietnam was founded on 3 February 1930


def validate_birth_date(value: datetime.date) -> None:
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("A date of birth is on or after 01/01/1900."), code="too_early")


def validate_party_event_date(value: datetime.date) -> None:
    if value < PARTY_FOUNDED_ON:
        raise ValidationError(
            _("A party event is dated on or after 03/02/1930, the day the Party was founded."), code="too_early"
        )


def validate_person_name(value: str) -> None:
    """A name holds letters: one made of zero-width spaces, digits or punctuation is refused."""
    if not has_letter(normalise_text(value)):
        raise ValidationError(_("A name must contain letters."), code="no_letters")


class PersonQuerySet(models.QuerySet["Person"]):
    def search(self, text: str) -> "PersonQuerySet":
        """Diacritic-insensitive name or CCCD search: "nguyen van a" finds "Nguyễn Văn A".

        The text is normalised like a stored name (full-width digits, zero-width characters); ``fold``
        drops a NUL byte, which PostgreSQL refuses in a query."""
        folded = fold(normalise_text(text))
        if not folded:
            return self
        if folded.isdigit():
            return self.filter(models.Q(citizen_id__startswith=folded) | models.Q(search_name__contains=folded))
        return self.filter(search_name__contains=folded)

    def in_vietnamese_order(self) -> "PersonQuerySet":
        return self.order_by("name_sort_key", "id")


class Person(ChoiceLabelsMixin, models.Model):
    """Anyone PartyCell tracks: a candidate, a probationary or official member, an introducer."""

    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_person_name])
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_birth_date, validate_not_in_future])
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    ethnic_group = models.CharField(_("ethnic group"), max_length=2, choices=ETHNIC_GROUPS, default=KINH)
    religion = models.CharField(_("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE)
    education_level = models.CharField(
        _("general education"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.UPPER_SECONDARY
    )
    qualification = models.CharField(
        _("professional qualification"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, default=Occupation.OTHER)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER)
    workplace = models.CharField(_("workplace or school"), max_length=255, blank=True)
    citizen_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        unique=True,
        validators=[citizen_id_validator],
        error_messages={"unique": _("This citizen ID (CCCD) is already registered.")},
    )
    residence = models.CharField(_("place of residence"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("party organisation"),
        help_text=_("The cell or committee that keeps this person's record."),
    )
    is_youth_union_member = models.BooleanField(_("Youth Union member"), default=False)
    is_trade_union_member = models.BooleanField(_("trade union member"), default=False)
    is_womens_union_member = models.BooleanField(_("Women's Union member"), default=False)
    is_farmers_union_member = models.BooleanField(_("Farmers' Union member"), default=False)
    is_veterans_association_member = models.BooleanField(_("Veterans' Association member"), default=False)
    is_militia_or_reserve = models.BooleanField(_("militia or reserve forces"), default=False)

    # Derived from full_name on save(); see partycell.people.vietnamese.
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    name_sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False,
        help_text=_("Set when the retention period ended: the record keeps no personal data (partycell.privacy)."),
    )  # fmt: skip

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_sort_key", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Any = None) -> None:
        # Normalise before validating, so a full-width or zero-width CCCD is judged (and stored) as digits.
        self.fill_derived_fields()
        super().clean_fields(exclude=exclude)

    def fill_derived_fields(self) -> None:
        self.full_name = normalise_text(self.full_name)
        self.citizen_id = normalise_text(self.citizen_id or "").replace(" ", "")
        self.search_name = fold(self.full_name)
        self.name_sort_key = name_sort_key(self.full_name)

    @property
    def given_name(self) -> str:
        return split_full_name(self.full_name)[2]

    def age_in_months_on(self, day: datetime.date) -> int:
        """Whole months of age on ``day`` (an 18th birthday gives exactly 216)."""
        months = (day.year - self.date_of_birth.year) * 12 + day.month - self.date_of_birth.month
        if day.day < self.date_of_birth.day:
            # Born on the 31st: the month is complete on the last day of a shorter month.
            last_day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
            if not (day == last_day and self.date_of_birth.day > last_day.day):
                months -= 1
        return months


def normalise_card_number(text: str) -> str:
    """A party card number as stored: full-width digits as ASCII, no zero-width characters or spaces,
    composed (NFC), upper case; the same number typed on a phone, pasted from a PDF or read from a workbook."""
    return normalise_text(text or "").replace(" ", "").upper()


class MembershipStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    OFFICIAL = "official", _("Official member")
    REMOVED = "removed", _("No longer a member")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def official(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.OFFICIAL)

    def current(self) -> "MembershipQuerySet":
        return self.exclude(status=MembershipStatus.REMOVED)


class Membership(ChoiceLabelsMixin, models.Model):
    """A person's party membership: the roll that votes, mentors and target percentages read."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="membership", verbose_name=_("person"))
    cell = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("party cell")
    )
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    admission_decision_number = models.CharField(_("admission decision number"), max_length=64, blank=True)
    admission_decision_date = models.DateField(
        _("admission decision date"), help_text=_("Party age counts from this date."),
        validators=[validate_party_event_date, validate_not_in_future],
    )  # fmt: skip
    ceremony_date = models.DateField(
        _("admission ceremony date"), null=True, blank=True,
        validators=[validate_party_event_date, validate_not_in_future],
    )  # fmt: skip
    recognition_date = models.DateField(
        _("recognised as official member on"), null=True, blank=True, help_text=_("The end of the 12 months.")
    )
    party_card_number = models.CharField(_("party card number"), max_length=32, blank=True)
    # The card is issued by its own decision after recognition (domain.md B13).
    party_card_date = models.DateField(_("party card issued on"), null=True, blank=True)
    party_card_decision_number = models.CharField(_("card-issue decision number"), max_length=64, blank=True)
    party_card_decision_date = models.DateField(_("card-issue decision dated"), null=True, blank=True)
    left_on = models.DateField(_("left the roll on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("party membership")
        verbose_name_plural = _("party memberships")
        indexes = [models.Index(fields=["cell", "status"], name="membership_cell_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="official") | models.Q(recognition_date__isnull=False),
                name="official_member_has_recognition_date",
            ),
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=~models.Q(party_card_number=""),
                name="party_card_number_unique",
                violation_error_message=_("This party card number is already used."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    def was_official_on(self, day: datetime.date) -> bool:
        return (
            self.recognition_date is not None
            and self.recognition_date <= day
            and (self.left_on is None or day < self.left_on)
        )


class PersonChange(models.Model):
    """One correction of a person's record: who, when, what changed (old and new values) and why.

    Append-only: a later correction adds a row, it never edits one. A change of the citizen ID is
    flagged, because it is the key other records (imports, duplicates) rely on.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="changes", verbose_name=_("person"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )  # fmt: skip
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), help_text=_("Field name -> [old value, new value], as displayed."))
    citizen_id_changed = models.BooleanField(_("citizen ID changed"), default=False)

    class Meta:
        verbose_name = _("correction of a person's record")
        verbose_name_plural = _("corrections of people's records")
        ordering = ["person", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.changed_at:%d/%m/%Y %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Corrections are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Corrections are append-only.")

"""Targets (chỉ tiêu) per unit and period, and the history of every change.

A target is a goal, never a cap: nothing in PartyCell refuses an admission because a target is met.
Achievement is never stored here; ``partycell.targets.selectors.achievement`` derives it from the
transition log.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partycell.targets.arithmetic import elapsed_fraction
from partycell.targets.enums import Basis, ChangeAction, Dimension, PeriodKind, TargetKind


def _plain(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class Period(models.Model):
    """A calendar year or a congress term (e.g. 2025-2030), shared by every unit's targets."""

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("added by"),
    )  # fmt: skip

    class Meta:
        ordering = ["-starts_on", "kind", "ends_on"]
        verbose_name = _("target period")
        verbose_name_plural = _("target periods")
        constraints = [
            models.UniqueConstraint(fields=["kind", "starts_on", "ends_on"], name="unique_target_period"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def elapsed_fraction(self, today: datetime.date) -> Decimal:
        return elapsed_fraction(starts_on=self.starts_on, ends_on=self.ends_on, today=today)


class Target(models.Model):
    """One unit's goal for one period, kind and dimension ("total" or a sub-target such as women).

    ``amount`` is the whole number of people aimed at. For a percentage it is computed when the
    target is saved, from ``member_count`` (official + probationary members of the unit's subtree on
    ``reference_date``) with the rounding rule of ``partycell.targets.arithmetic``; both are kept so
    the figure shown can always be explained.
    """

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="targets", verbose_name=_("party organisation")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="targets", verbose_name=_("period"))
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices, default=TargetKind.ADMISSIONS)
    dimension = models.CharField(_("group"), max_length=20, choices=Dimension.choices, default=Dimension.TOTAL)
    basis = models.CharField(_("expressed as"), max_length=10, choices=Basis.choices, default=Basis.ABSOLUTE)
    number = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    percent = models.DecimalField(
        _("percentage of members"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    reference_date = models.DateField(_("members counted on"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("members on the reference date"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("target (people)"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["period", "unit__path", "kind", "dimension"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "kind", "dimension"], name="unique_target_per_unit"),
            models.CheckConstraint(
                condition=(models.Q(basis=Basis.ABSOLUTE, number__isnull=False))
                | models.Q(basis=Basis.PERCENT, percent__isnull=False, reference_date__isnull=False),
                name="target_basis_has_its_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.get_kind_display()} · {self.get_dimension_display()}"

    @property
    def exact_amount(self) -> Decimal | None:
        """The percentage of members before rounding (94.5 for 3.5% of 2,700), without trailing zeros."""
        if self.percent is None or self.member_count is None:
            return None
        return _plain(self.percent * self.member_count / 100)

    @property
    def percent_plain(self) -> Decimal | None:
        """3.5 rather than 3.50."""
        return None if self.percent is None else _plain(self.percent)

    def snapshot(self) -> dict:
        """The figures a history row keeps, as JSON."""
        return {
            "basis": self.basis,
            "number": self.number,
            "percent": None if self.percent is None else str(self.percent),
            "reference_date": None if self.reference_date is None else self.reference_date.isoformat(),
            "member_count": self.member_count,
            "amount": self.amount,
        }


class TargetChange(models.Model):
    """Append-only history: who set or changed a target, why, and the figures before and after."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="changes", verbose_name=_("target"))
    action = models.CharField(_("action"), max_length=20, choices=ChangeAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("target change")
        verbose_name_plural = _("target history")

    def __str__(self) -> str:
        return f"{self.target} · {self.get_action_display()} · {self.changed_at:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Target history is append-only.")
        super().save(*args, **kwargs)

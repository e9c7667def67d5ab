"""Forms: parse and validate input; the services re-check and save. Messages are translated."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from partycell.accounts.models import User
from partycell.formats.dates import DateField
from partycell.organisations.models import Unit
from partycell.selectors import units_visible_to
from partycell.targets.enums import Basis, Dimension, PeriodKind, TargetKind
from partycell.targets.models import Period

NEGATIVE = _("A target cannot be negative.")


class LocalDecimalField(forms.DecimalField):
    """Accepts "3,5" (Vietnamese) as well as "3.5"."""

    # DecimalField subclasses IntegerField but returns a Decimal; django-stubs ignores the same override error.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        try:
            return super().to_python(value)
        except (InvalidOperation, ValidationError):
            raise ValidationError(_("Enter a number, e.g. 3.5."), code="invalid") from None


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    starts_on = DateField(label=_("Starts on"))
    ends_on = DateField(label=_("Ends on"))
    name = forms.CharField(label=_("Name"), max_length=50, required=False, help_text=_('e.g. "2026" or "2025–2030"'))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class TargetFiguresForm(forms.Form):
    """The figures of a target; shared by the create and edit forms."""

    basis = forms.ChoiceField(label=_("Expressed as"), choices=Basis.choices, initial=Basis.ABSOLUTE)
    number = forms.IntegerField(
        label=_("Number of people"), required=False, min_value=0, error_messages={"min_value": NEGATIVE}
    )
    percent = LocalDecimalField(
        label=_("Percentage of members"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={"min_value": NEGATIVE, "max_value": _("A percentage cannot be over 100.")},
    )
    reference_date = DateField(label=_("Members counted on"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("basis") == Basis.ABSOLUTE and data.get("number") is None and "number" not in self.errors:
            self.add_error("number", _("Enter the number of people."))
        if data.get("basis") == Basis.PERCENT:
            if data.get("percent") is None and "percent" not in self.errors:
                self.add_error("percent", _("Enter the percentage."))
            if data.get("reference_date") is None and "reference_date" not in self.errors:
                self.add_error("reference_date", _("Enter the date members are counted on."))
        return data


class TargetCreateForm(TargetFiguresForm):
    field_order = ["unit", "period", "kind", "dimension"]

    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("Party organisation"),
        queryset=None,
        error_messages={
            "invalid_choice": _("You may not set targets for this party organisation: it is outside your scope.")
        },
    )
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    dimension = forms.ChoiceField(label=_("Group"), choices=Dimension.choices, initial=Dimension.TOTAL)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units_visible_to(user, editing=True).order_by("path")


class TargetEditForm(TargetFiguresForm):
    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason for changing the target."), code="reason_required")
        return reason


class AllocationForm(forms.Form):
    """One number per child unit, pre-filled with the proportional split; plus the reason."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, children: list[Unit], initial_amounts: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            self.fields[f"unit_{child.pk}"] = forms.IntegerField(
                label=str(child), min_value=0, initial=initial_amounts.get(child.pk, 0),
                error_messages={"min_value": NEGATIVE},
            )  # fmt: skip

    def amounts(self) -> dict[int, int]:
        return {child.pk: self.cleaned_data[f"unit_{child.pk}"] for child in self.children}

    def unit_fields(self) -> list[BoundField]:
        return [self[f"unit_{child.pk}"] for child in self.children]

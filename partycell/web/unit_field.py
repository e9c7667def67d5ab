"""A unit chosen by search inside a form, where the units on offer are too many for a drop-down (a province's
administrator registering a candidate, or recording that a unit is placed under another).

The field is a search box and the chosen unit's id. Without JavaScript: type part of the name or the code and
submit the form; one match is taken, several come back as a short list of radio buttons (everything else typed
stays), none is refused with the reason. With htmx the same list appears as the user types. What each search
offers is declared once in ``SEARCHES`` (the form's queryset and the htmx choices read the same selector), so a
foreign id is refused like any invalid choice.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.web.selectors import (
    Picked,
    cells_for_registration,
    too_many_for_a_list,
    units_for_tree_change,
    units_matching,
)

TEXT = "_q"  # the search box's parameter: the field's name + this

# What each search offers a user: the same queryset the form validates against.
SEARCHES: Mapping[str, Callable[[User], QuerySet[Unit]]] = {
    "cell": cells_for_registration,
    "tree": units_for_tree_change,
}


@dataclass(frozen=True)
class Found:
    unit: Unit | None  # the unit chosen: by its id, or the only one the text names
    text: str
    picked: Picked[Unit] | None  # the matches of the text when it names none or several


def resolve(units: QuerySet[Unit], value: Any) -> Found:
    """What a submitted value names within ``units``: an id (a radio, the hidden input, an initial value) wins;
    else the text must name exactly one unit: its code, or the only unit whose name contains it."""
    if isinstance(value, dict):
        raw, text = str(value.get("id") or ""), str(value.get("text") or "")
    else:  # an initial value: a unit or its id
        raw, text = str(value.pk if isinstance(value, Unit) else (value or "")), ""
    if raw:
        unit = units.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
        return Found(unit, text, None)
    if not text.strip():
        return Found(None, text, None)
    picked = units_matching(units, text)
    if picked.choices and (len(picked.choices) == 1 or picked.choices[0].code_first == 0):  # type: ignore[attr-defined]
        return Found(picked.choices[0], text, None)
    return Found(None, text, picked)


class UnitSearchInput(forms.Widget):
    """A search box, and either the chosen unit (hidden id) or the units matching what was typed (radios)."""

    template_name = "web/_unit_search.html"

    def __init__(self, search: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search = search
        self.queryset: QuerySet[Unit] = Unit.objects.none()

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {"id": str(data.get(name, "")), "text": str(data.get(f"{name}{TEXT}", ""))}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}{TEXT}" not in data

    def format_value(self, value: Any) -> Any:
        return value

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        found = resolve(self.queryset, value)
        context["widget"].update({
            "text": found.text, "text_name": f"{name}{TEXT}", "chosen": found.unit,
            "choices": found.picked.choices if found.picked else [],
            "more": found.picked.more if found.picked else False, "searched": found.picked is not None,
            "url": f"{reverse('unit-search', args=[self.search])}?name={name}",
            "attrs_html": flatatt(context["widget"]["attrs"]),  # id, aria-describedby, aria-invalid
        })  # fmt: skip
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # The project's templates (the form renderer only looks in Django's own and the apps' directories).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308


class UnitSearchField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` answered by a search (``resolve``): an id wins, else the text typed must name
    exactly one unit; none or several are refused with the reason, and the matches are offered."""

    default_error_messages = {
        "no_match": _("No unit you may choose matches “%(text)s”."),
        "ambiguous": _("Several units match “%(text)s”: choose one below, or type more of the name."),
    }

    def __init__(self, *, search: str, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Unit.objects.none())
        super().__init__(widget=UnitSearchInput(search), **kwargs)

    def to_python(self, value: Any) -> Unit | None:
        if not isinstance(value, dict):
            return super().to_python(value)
        if value.get("id"):
            return super().to_python(value["id"])  # outside the queryset: "invalid choice"
        found = resolve(self.queryset if self.queryset is not None else Unit.objects.none(), value)
        if found.unit is not None or found.picked is None:
            return found.unit
        code = "ambiguous" if found.picked.choices else "no_match"
        raise ValidationError(self.error_messages[code], code=code, params={"text": found.text.strip()})

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, dict):
            return bool(data.get("id") or data.get("text"))
        return super().has_changed(initial, data)


def search_units_when_many(form: forms.BaseForm, name: str, search: str, units: QuerySet[Unit]) -> None:
    """Give ``form``'s field ``name`` the search instead of a drop-down when ``units`` are too many to list."""
    field = form.fields[name]
    if too_many_for_a_list(units):
        field = form.fields[name] = UnitSearchField(
            search=search, label=field.label, required=field.required, help_text=field.help_text
        )
    field.queryset = units  # type: ignore[attr-defined]
    if isinstance(field.widget, UnitSearchInput):
        field.widget.queryset = units  # what it shows is what the field accepts

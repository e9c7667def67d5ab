"""Describe an evidence form (a plain Django form) as JSON fields, so clients can build their own UI."""

from collections.abc import Iterable
from typing import cast

from django import forms
from django.forms.utils import pretty_name

# Checked in order: subclasses first (a ModelMultipleChoiceField is also a ChoiceField).
_FIELD_TYPES: list[tuple[type[forms.Field], str]] = [
    (forms.BooleanField, "boolean"),
    (forms.NullBooleanField, "boolean"),
    (forms.FileField, "file"),
    (forms.DateTimeField, "datetime"),
    (forms.DateField, "date"),
    (forms.IntegerField, "integer"),
    (forms.DecimalField, "number"),
    (forms.FloatField, "number"),
    (forms.MultipleChoiceField, "multiple_choice"),
    (forms.ModelMultipleChoiceField, "multiple_choice"),
    (forms.ChoiceField, "choice"),
]


def field_type(field: forms.Field) -> str:
    for klass, name in _FIELD_TYPES:
        if isinstance(field, klass):
            return name
    return "text" if isinstance(field.widget, forms.Textarea) else "string"


def describe_field(name: str, field: forms.Field) -> dict:
    description = {
        "name": name,
        "label": str(field.label or pretty_name(name)),
        "type": field_type(field),
        "required": field.required,
        "help_text": str(field.help_text or ""),
    }
    if description["type"] in {"choice", "multiple_choice"} and isinstance(field, forms.ChoiceField):
        # Django normalises the choices a field is given to (value, label) pairs; the stubs type the getter
        # with everything the setter accepts (a Choices class, a callable).
        choices = cast(Iterable[tuple[object, object]], field.choices)
        description["choices"] = [
            {"value": str(value), "label": str(label)} for value, label in choices if str(value) != ""
        ]
    return description


def describe_form(form: forms.Form | None) -> list[dict]:
    if form is None:
        return []
    return [describe_field(name, field) for name, field in form.fields.items()]

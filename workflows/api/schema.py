"""The OpenAPI schema says what each endpoint accepts and answers, generated from the declarations.

- ``form_request(form_class)``: an evidence form (a plain Django form, declared once per action in
  ``workflows.actions``) as the request bodies of its endpoint: JSON without the file fields, and
  multipart with them. Nothing is written twice: a field added to a form appears in the schema.
- ``add_error_responses``: a drf-spectacular post-processing hook that documents on every operation
  the errors the API's shared layers give (401 unauthenticated, 403 refused, 404 not in scope, 429
  throttled; 400 where input is read; 409 where a candidacy is changed), each with its body schema.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.choices import CallableChoiceIterator
from rest_framework import serializers
from rest_framework.serializers import Serializer

from workflows.api.evidence import field_type
from workflows.enums import Stage

EXPECTED_STAGE_HELP = "Refuse the change (409) if the candidacy is no longer at this stage."


def _serializer_field(field: forms.Field) -> serializers.Field:
    """The DRF field that accepts what the form field accepts (for the schema; the form validates)."""
    common: dict[str, Any] = {"required": field.required, "help_text": str(field.help_text or "") or None}
    label = str(field.label) if field.label else None
    kind = field_type(field)
    if kind == "boolean":
        return serializers.BooleanField(required=False, label=label, help_text=common["help_text"])
    if kind == "file":
        return serializers.FileField(label=label, **common)
    if kind == "date":
        return serializers.DateField(label=label, **common)
    if kind == "datetime":
        return serializers.DateTimeField(label=label, **common)
    if kind == "integer":
        assert isinstance(field, forms.IntegerField)
        low, high = field.min_value, field.max_value
        return serializers.IntegerField(
            label=label, min_value=low if isinstance(low, int) else None,
            max_value=high if isinstance(high, int) else None, **common,
        )  # fmt: skip
    if kind == "number":
        return serializers.FloatField(label=label, **common)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), label=label, **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(label=label, **common)
    if kind == "multiple_choice":
        assert isinstance(field, forms.MultipleChoiceField)
        return serializers.MultipleChoiceField(choices=list(field.choices), label=label, **common)  # type: ignore[arg-type]
    if isinstance(field, forms.ChoiceField) and not isinstance(field.choices, CallableChoiceIterator):
        # Choices read from the database (a callable, or filled in __init__) are described as text: the
        # schema must not depend on the data. The form still refuses a value that is not a choice (400).
        declared = cast(Iterable[tuple[Any, Any]], field.choices)  # normalised to (value, label) pairs by Django
        choices = [(value, text) for value, text in declared if value != ""]
        if choices:
            return serializers.ChoiceField(choices=choices, allow_blank=not field.required, label=label, **common)
    max_length = getattr(field, "max_length", None)
    return serializers.CharField(
        label=label, max_length=max_length, allow_blank=not field.required, trim_whitespace=False, **common
    )


class FormRequestSerializer(serializers.Serializer):
    """A request body described by a form's declared fields (``base_fields``: no instance, no database)."""

    form_class: type[forms.Form]
    with_files: bool = True
    stage_check: bool = False

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {
            name: _serializer_field(field)
            for name, field in self.form_class.base_fields.items()
            if self.with_files or field_type(field) != "file"
        }
        if self.stage_check:
            fields["expected_stage"] = serializers.ChoiceField(
                choices=Stage.choices, required=False, help_text=EXPECTED_STAGE_HELP
            )
        return fields


def _serializer_for(form_class: type[forms.Form], *, with_files: bool, stage_check: bool) -> type[Serializer]:
    suffix = "Multipart" if with_files else ""
    name = form_class.__name__.removesuffix("Form") + suffix  # drf-spectacular appends "Request"
    attributes = {"form_class": form_class, "with_files": with_files, "stage_check": stage_check,
                  "__doc__": (form_class.__doc__ or "").strip() or None}
    return type(name, (FormRequestSerializer,), attributes)


@functools.cache
def form_request(form_class: type[forms.Form], *, stage_check: bool = False) -> dict[str, Any]:
    """The request bodies of an endpoint that reads ``form_class``: JSON, or multipart with its scans."""
    return {
        "application/json": _serializer_for(form_class, with_files=False, stage_check=stage_check),
        "multipart/form-data": _serializer_for(form_class, with_files=True, stage_check=stage_check),
    }


# --- Error responses on every operation -------------------------------------------------------------

PROBLEM = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the request's language."},
        "reasons": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "{field: [messages]}; errors not tied to one field under non_field_errors.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# A 400 names each field, or (a body that is not JSON, not an object) says what is wrong with it.
_ERRORS_REF = {"anyOf": [{"$ref": "#/components/schemas/FieldErrors"}, _PROBLEM_REF]}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document the shared error answers on every operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Problem", PROBLEM)
    components.setdefault("FieldErrors", FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            shared = {
                "401": _json(_PROBLEM_REF, "Not signed in (send Authorization: Token ...)."),
                "403": _json(_PROBLEM_REF, "Not allowed: role, stage or a rule; reasons name each."),
                "404": _json(_PROBLEM_REF, "No such object in your scope."),
                "429": _json(_PROBLEM_REF, "Too many requests; try again later."),
            }
            reads_input = "requestBody" in operation or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", [])
            )
            if reads_input or method == "post":
                shared["400"] = _json(_ERRORS_REF, "Invalid input, field by field; or a body that cannot be read.")
            if method in {"post", "put", "patch"} and path.startswith("/api/v1/candidacies/{id}/"):
                shared["409"] = _json(_PROBLEM_REF, "Someone else changed this candidacy first.")
            if method in {"post", "put", "patch"}:
                shared["415"] = _json(_PROBLEM_REF, "Unsupported media type.")
            for status, response in shared.items():
                current = responses.get(status)
                # Keep a response a view declared with a real schema; replace a bare or object-only one.
                if current is None or not _has_specific_schema(current):
                    responses[status] = response
    return result


def _has_specific_schema(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema) and schema != {"type": "object", "additionalProperties": {}}


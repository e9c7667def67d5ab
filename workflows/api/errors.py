"""Turning domain errors into API errors."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings


def api_validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A 400 with ``{field: [messages]}``; Django's ``__all__`` becomes ``non_field_errors``."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


def field_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Form errors as the API shows them: ``__all__`` is called ``non_field_errors`` as elsewhere in DRF."""
    return {(api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in errors.items()}  # fmt: skip

"""System checks with stable ids: production refuses to start without its required settings."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=False)
def check_production_settings(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "IS_PRODUCTION", False):
        return []
    errors: list[Error] = []
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        secret_key = ""
    if not secret_key or secret_key == settings.DEVELOPMENT_SECRET_KEY:
        errors.append(
            Error(
                "SECRET_KEY is not set.",
                hint="Set the SECRET_KEY (or SECRET_KEY_FILE) environment variable.",
                id="partycell.E001",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "ALLOWED_HOSTS is empty.",
                hint="Set ALLOWED_HOSTS to the comma-separated host names PartyCell is served on.",
                id="partycell.E002",
            )
        )
    return errors

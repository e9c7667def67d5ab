"""The personal-data notice shown where a person's data is collected (the registration page).

``PRIVACY_NOTICE`` (setting, environment variable of the same name) replaces the default text, so a
party committee states its own notice and consent wording without a code change."""

from django.conf import settings
from django.utils.translation import gettext as _


def privacy_notice() -> str:
    configured = str(getattr(settings, "PRIVACY_NOTICE", "") or "").strip()
    return configured or _(
        "The data entered here is sensitive personal data (political affiliation, ethnicity, religion). It is "
        "used only for party member development, seen only by the party organisations in charge, and every "
        "viewing and export is logged. The person has given their consent and may ask for a copy."
    )

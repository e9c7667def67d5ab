"""Writes of the second factor: enrol an authenticator, confirm it, issue recovery codes, turn it off.

The session's second-factor state (what the middleware asks for) is kept here too, so that every
page reads one session key instead of querying devices on each request.
"""

import unicodedata

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partycell.accounts.models import User
from partycell.signin.rules import second_factor_enrolled, second_factor_required

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
AUTHENTICATOR_NAME = "authenticator"

# Session key: "verify" (a code is needed before anything else), "enrol" (an authenticator must be
# set up first), "" (nothing more needed). Set at log-in by ``second_factor_state_store``.
SESSION_KEY = "signin_second_factor"
VERIFY = "verify"
ENROL = "enrol"


def second_factor_state(user: User) -> str:
    """What the user must do after the password: verify a code, enrol an authenticator, or nothing."""
    if second_factor_enrolled(user):
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return ""


def second_factor_state_store(request: HttpRequest, user: User) -> None:
    request.session[SESSION_KEY] = second_factor_state(user)


def normalise_code(code: str) -> str:
    """Codes as people type them: full-width digits, spaces and hyphens, upper case, zero-width marks."""
    code = unicodedata.normalize("NFKC", code)
    return "".join(ch for ch in code if ch.isalnum()).lower()


def authenticator_pending(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user), created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app: it replaces any earlier authenticator, new
    recovery codes are issued (and returned, to be shown once), and this session counts as verified.
    ``None`` when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise_code(code)):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_issue(device.user)
    otp_login(request, device)
    request.session[SESSION_KEY] = ""
    return codes


def recovery_codes_issue(user: User) -> list[str]:
    """Ten new single-use recovery codes; the earlier ones stop working."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, request: HttpRequest, user: User, code: str) -> Device | None:
    """A code from the authenticator or a recovery code (used up); the session counts as verified."""
    device = match_token(user, normalise_code(code))
    if device is None:
        return None
    otp_login(request, device)
    request.session[SESSION_KEY] = ""
    return device


def second_factor_remove(user: User) -> None:
    """Turn the second factor off: the authenticator and the recovery codes are deleted."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()

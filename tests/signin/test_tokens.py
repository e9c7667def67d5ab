"""Issue 13, finding 10: API tokens never expired. Now they expire, only a digest is stored, and their
owner lists and revokes them on the sign-in security page; administrators see and revoke any."""

import datetime

import time_machine
from django.contrib import admin
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from partycell.signin.models import ApiToken, token_digest
from partycell.signin.tokens import api_token_issue
from tests.factories import UserFactory

PASSWORD = "matkhau-demo-123"  # noqa: S105 - UserFactory's
NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


def _obtain(username="bithu_a", **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra})


def _people(key):
    return APIClient().get("/api/v1/people/", HTTP_AUTHORIZATION=f"Token {key}")


def test_token_expires_after_its_lifetime(secretary):
    with time_machine.travel(NOW, tick=False) as clock:
        key = _obtain().data["token"]
        clock.shift(datetime.timedelta(days=29, hours=23))
        fresh = _people(key)
        clock.shift(datetime.timedelta(hours=2))
        expired = _people(key)

    assert fresh.status_code == 200
    assert expired.status_code == 401


def test_only_a_digest_of_the_key_is_stored(secretary):
    key = _obtain().data["token"]

    stored = ApiToken.objects.get(user=secretary)
    assert stored.digest == token_digest(key)
    assert key not in {stored.digest, stored.prefix, stored.name}


def test_owner_lists_and_revokes_a_token_on_the_security_page(client, secretary):
    token, key = api_token_issue(user=secretary, name="Báo cáo Excel")
    client.force_login(secretary)

    page = client.get("/accounts/two-factor/").content.decode()
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert "Báo cáo Excel" in page and token.prefix in page and key not in page
    assert revoked.status_code == 302
    assert _people(key).status_code == 401


def test_owner_creates_a_token_and_sees_its_key_once(client, secretary):
    client.force_login(secretary)

    created = client.post("/accounts/tokens/new/", {"name": "Máy văn phòng"})

    key = created.context["key"]
    assert key in created.content.decode()
    assert key not in client.get("/accounts/two-factor/").content.decode()
    assert _people(key).status_code == 200


def test_nobody_revokes_another_users_token(client, secretary, commune_staff):
    token, key = api_token_issue(user=commune_staff, name="Của người khác")
    client.force_login(secretary)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert _people(key).status_code == 200


def test_a_blank_token_name_is_refused(client, secretary):
    client.force_login(secretary)

    client.post("/accounts/tokens/new/", {"name": "\u200b \u200b"})

    assert not ApiToken.objects.exists()


def test_administrators_see_and_revoke_every_token_in_the_admin(client, secretary):
    token, key = api_token_issue(user=secretary, name="Báo cáo")
    root = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(root)

    listing = client.get(reverse("admin:signin_apitoken_changelist"))
    client.post(reverse("admin:signin_apitoken_delete", args=[token.pk]), {"post": "yes"})

    assert "Báo cáo" in listing.content.decode()
    assert ApiToken in admin.site._registry
    assert _people(key).status_code == 401


def test_token_for_a_user_with_a_second_factor_needs_a_code(secretary):
    device = TOTPDevice.objects.create(user=secretary, name="authenticator", confirmed=True)
    with time_machine.travel(NOW, tick=False):
        without = _obtain()
        code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
        with_code = _obtain(otp_token=code)

    assert without.status_code == 400
    assert "otp_token" in without.data
    assert with_code.status_code == 200


def test_token_for_a_user_who_must_but_has_not_set_up_a_second_factor_is_refused(commune_staff, settings):
    settings.TWO_FACTOR_REQUIRED = True

    response = _obtain("canbo_xa")

    assert response.status_code == 403
    assert not ApiToken.objects.exists()

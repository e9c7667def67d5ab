"""Issue 13, finding 10 and "Log-in": a TOTP second factor (django-otp), for everyone who wants it,
required in production for administrators and for roles on unit kinds marked as needing it."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partycell.organisations.models import UnitKind
from tests.factories import UserFactory

PASSWORD = "matkhau-demo-123"  # noqa: S105 - UserFactory's
NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(client: Client, username: str):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def production(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_seed_marks_communes_and_above_as_needing_a_second_factor(db):
    marked = set(UnitKind.objects.filter(requires_second_factor=True).values_list("code", flat=True))

    assert marked == {"province_committee", "district_committee", "commune_committee", "upper_grassroots_committee"}


def test_commune_staff_in_production_must_set_up_the_second_factor_first(client, commune_staff, production):
    signed_in = log_in(client, "canbo_xa")

    assert signed_in.status_code == 302
    assert client.get("/").url == "/accounts/two-factor/setup/?next=%2F"
    assert client.get("/people/").status_code == 302
    assert client.get("/api/v1/people/").status_code == 403


def test_commune_staff_in_the_demo_signs_in_with_the_password_alone(client, commune_staff, settings):
    settings.TWO_FACTOR_REQUIRED = False

    log_in(client, "canbo_xa")

    assert client.get("/").status_code == 200


def test_cell_secretary_in_production_may_skip_the_second_factor(client, secretary, production):
    log_in(client, "bithu_a")

    assert client.get("/").status_code == 200


def test_administrators_in_production_must_set_up_the_second_factor(client, db, production):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)

    client.post("/admin/login/", {"username": "quantri", "password": PASSWORD})

    assert client.get("/admin/").url == "/accounts/two-factor/setup/?next=%2Fadmin%2F"


def test_a_kind_marked_by_an_administrator_requires_it_too(client, secretary, tree, production):
    UnitKind.objects.filter(code=tree.cell_a.kind.code).update(requires_second_factor=True)

    log_in(client, "bithu_a")

    assert client.get("/").status_code == 302


def test_enrolment_shows_a_qr_code_and_turns_on_with_the_apps_code(client, commune_staff, production):
    with time_machine.travel(NOW, tick=False) as clock:
        log_in(client, "canbo_xa")
        page = client.get("/accounts/two-factor/setup/")
        device = TOTPDevice.objects.get(user=commune_staff)

        wrong = client.post("/accounts/two-factor/setup/", {"code": "000000" if code_for(device) != "000000" else "1"})
        confirmed_after_wrong_code = TOTPDevice.objects.get(user=commune_staff).confirmed
        clock.shift(datetime.timedelta(seconds=31))
        right = client.post("/accounts/two-factor/setup/", {"code": code_for(device), "next": "/people/"})
        people = client.get("/people/")

    assert re.search(r'<img class="qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page.content.decode())
    assert 'class="errorlist"' in wrong.content.decode()
    assert confirmed_after_wrong_code is False
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", right.content.decode())
    assert len(codes) == 10
    stored = StaticToken.objects.filter(device__user=commune_staff).values_list("token", flat=True)
    assert sorted(codes) == sorted(stored)
    assert TOTPDevice.objects.get(user=commune_staff).confirmed
    assert people.status_code == 200


def test_enrolled_user_is_asked_for_the_code_after_the_password(client, secretary):
    device = enrolled(secretary)

    with time_machine.travel(NOW, tick=False) as clock:
        log_in(client, "bithu_a")
        asked = client.get("/people/")
        refused = client.post("/accounts/two-factor/verify/", {"code": "12345", "next": "/people/"})
        clock.shift(datetime.timedelta(seconds=10))  # past django-otp's 1 s throttle
        accepted = client.post("/accounts/two-factor/verify/", {"code": code_for(device), "next": "/people/"})
        people = client.get("/people/")

    assert asked.url == "/accounts/two-factor/verify/?next=%2Fpeople%2F"
    assert refused.status_code == 200
    assert accepted.url == "/people/"
    assert people.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_full_width_digits_and_spaces_in_the_code_are_accepted(client, secretary):
    device = enrolled(secretary)
    code = code_for(device)
    typed = " ".join(chr(ord(d) + 0xFEE0) for d in code) + "\u200b"

    log_in(client, "bithu_a")
    accepted = client.post("/accounts/two-factor/verify/", {"code": typed, "next": "/"})

    assert accepted.url == "/"


@pytest.mark.parametrize("code", ["x" * 5000, "", "\x00", "１２３"])
def test_hostile_codes_are_refused_without_a_server_error(client, secretary, code):
    enrolled(secretary)
    log_in(client, "bithu_a")

    response = client.post("/accounts/two-factor/verify/", {"code": code})

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(client, secretary):
    enrolled(secretary)
    from partycell.signin.services import recovery_codes_issue

    code = recovery_codes_issue(secretary)[0]
    log_in(client, "bithu_a")
    first = client.post("/accounts/two-factor/verify/", {"code": code.upper(), "next": "/"})
    client.logout()
    log_in(client, "bithu_a")
    again = client.post("/accounts/two-factor/verify/", {"code": code, "next": "/"})

    assert first.url == "/"
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=secretary).count() == 9


def test_the_password_alone_cannot_replace_an_enrolled_authenticator(client, secretary):
    device = enrolled(secretary)

    log_in(client, "bithu_a")
    response = client.get("/accounts/two-factor/setup/")

    assert response.url.startswith("/accounts/two-factor/verify/")
    assert list(TOTPDevice.objects.filter(user=secretary)) == [device]


@time_machine.travel(NOW, tick=False)
def test_a_user_who_chose_it_may_turn_it_off(client, secretary):
    device = enrolled(secretary)
    log_in(client, "bithu_a")
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})

    client.post("/accounts/two-factor/off/")

    assert not TOTPDevice.objects.filter(user=secretary).exists()


@time_machine.travel(NOW, tick=False)
def test_a_user_whose_role_requires_it_cannot_turn_it_off(client, commune_staff, production):
    device = enrolled(commune_staff)
    log_in(client, "canbo_xa")
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})

    response = client.post("/accounts/two-factor/off/")

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=commune_staff).exists()


def test_pages_before_the_code_hide_the_menu_and_the_notification_bell(client, secretary):
    enrolled(secretary)
    log_in(client, "bithu_a")

    page = client.get("/accounts/two-factor/verify/").content.decode()

    assert 'class="bell"' not in page
    assert 'href="/people/"' not in page

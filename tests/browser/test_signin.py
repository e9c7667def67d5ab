"""Signing in, in the real browser at phone and desktop sizes: the lockout after wrong passwords, setting
up the second factor with the QR page, and a log-in with the code; the pages break no rule of the
Content-Security-Policy (chromium reports every refused script or style on the console)."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import FACTORY_PASSWORD
from tests.factories import Role, UserFactory, assign_role

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def _context(browser, size):
    return browser.new_context(viewport=SIZES[size], locale="vi-VN")


def _watch_policy(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def _log_in(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.mark.parametrize("size", SIZES)
def test_wrong_passwords_lock_signing_in_even_with_the_right_one(browser, live_server, tree, shot, size):
    UserFactory(username=f"bithu_{size}")
    context = _context(browser, size)
    page = context.new_page()
    refused = _watch_policy(page)

    for _ in range(4):
        _log_in(page, live_server.url, f"bithu_{size}", "sai-mat-khau")
        assert page.locator(".error").is_visible()
    _log_in(page, live_server.url, f"bithu_{size}", "sai-mat-khau")
    _log_in(page, live_server.url, f"bithu_{size}", FACTORY_PASSWORD)

    shot(page, f"signin-lockout-{size}")
    assert page.locator("h1").inner_text() == "Đăng nhập bị khóa"
    assert "15 phút" in page.locator("main").inner_text()
    assert "/accounts/login/" in page.url
    assert refused == []
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_commune_staff_sets_up_the_second_factor_then_signs_in_with_a_code(
    browser, live_server, tree, shot, settings, size
):
    settings.TWO_FACTOR_REQUIRED = True  # production's rule; the demo keeps plain log-ins
    staff = UserFactory(username=f"canbo_{size}", first_name="Lan", last_name="Trần Thị")
    assign_role(staff, Role.GRASSROOTS_STAFF, tree.commune)
    context = _context(browser, size)
    page = context.new_page()
    refused = _watch_policy(page)

    _log_in(page, live_server.url, staff.username, FACTORY_PASSWORD)
    page.wait_for_url("**/accounts/two-factor/setup/**")
    qr = page.locator("img.qr")
    assert qr.is_visible()
    assert page.evaluate("img => img.naturalWidth > 0 && img.complete", qr.element_handle())  # the SVG drew
    assert page.locator("nav.topnav a").count() == 0  # no menu before the second factor
    shot(page, f"signin-2fa-setup-{size}")
    page.click("details summary")
    secret = page.locator("code.secret").inner_text().strip()
    page.fill("#id_code", _code(secret))
    page.click("button.primary")

    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    shot(page, f"signin-2fa-recovery-codes-{size}")
    page.click("a.button.primary")
    page.wait_for_url(lambda url: "/two-factor/" not in url)
    assert "Trần Thị Lan" in page.content() or page.locator("main").is_visible()

    if page.locator("label.menu-button").is_visible():  # the phone keeps "log out" in the menu
        page.click("label.menu-button")
    page.locator("form.logout button").click()
    _log_in(page, live_server.url, staff.username, FACTORY_PASSWORD)
    page.wait_for_url("**/accounts/two-factor/verify/**")
    shot(page, f"signin-2fa-verify-{size}")
    page.fill("#id_code", "000000")
    page.click("button.primary")
    assert page.locator(".errorlist").is_visible()
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    page.fill("#id_code", _code(secret, steps_ahead=1))  # the next code: the one just used cannot be replayed
    page.click("button.primary")
    page.wait_for_url(lambda url: "/two-factor/" not in url and "/login/" not in url)
    assert page.locator("nav.topnav a").count() > 0
    shot(page, f"signin-2fa-signed-in-{size}")
    assert refused == []
    context.close()



def test_api_docs_and_the_admin_work_under_the_policy(live_server, tree, page_for, shot):
    staff = UserFactory(username="quantri_docs", is_staff=True, is_superuser=True)
    page = page_for(staff)
    refused = _watch_policy(page)

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    shot(page, "signin-csp-api-docs-desktop")
    page.goto(f"{live_server.url}/admin/organisations/unitkind/")
    assert page.locator("#result_list").is_visible()

    assert refused == []

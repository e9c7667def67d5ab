"""Issue 13, finding 4: wrong passwords lock the account and the client address out (django-axes).

On the main branch before this fix, 40 wrong passwords and then the right one signed in.
"""

from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.signin.conftest import UNREACHABLE_REDIS

PASSWORD = "matkhau-demo-123"  # noqa: S105 - UserFactory's


def _log_in(client: Client, username: str, password: str, url: str = "/accounts/login/", **headers):
    return client.post(url, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_web_login_after_forty_wrong_passwords_refuses_the_right_one(client, secretary):
    for _ in range(40):
        _log_in(client, "bithu_a", "sai-mat-khau")

    response = _log_in(client, "bithu_a", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many wrong passwords: signing in is locked for 15 minutes." in response.content.decode()


def test_web_login_locks_at_the_failure_limit_and_not_before(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        assert _log_in(client, "bithu_a", "sai-mat-khau").status_code == 200

    assert _log_in(client, "bithu_a", PASSWORD).status_code == 302  # the fifth try, right: signed in
    client.logout()
    for _ in range(5):
        response = _log_in(client, "bithu_a", "sai-mat-khau")

    assert response.status_code == 429  # a success reset the count; five new failures lock


def test_lockout_page_is_in_vietnamese_by_default(client, secretary):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "bithu_a", "password": "sai"})

    assert response.status_code == 429
    assert "Đăng nhập bị khóa" in response.content.decode()


def test_admin_login_is_locked_like_the_web_login(client, db):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    for _ in range(5):
        _log_in(client, "quantri", "sai-mat-khau", url="/admin/login/")

    response = _log_in(client, "quantri", PASSWORD, url="/admin/login/")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_locked_account_stays_locked_from_another_address(secretary):
    for _ in range(5):
        _log_in(Client(REMOTE_ADDR="203.0.113.7"), "bithu_a", "sai-mat-khau")

    response = _log_in(Client(REMOTE_ADDR="198.51.100.9"), "bithu_a", PASSWORD)

    assert response.status_code == 429


def test_address_guessing_many_accounts_is_locked_for_the_next_account(db):
    UserFactory(username="nguoi_khac")
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(5):
        _log_in(attacker, f"doan_ten_{number}", "sai-mat-khau")

    response = _log_in(attacker, "nguoi_khac", PASSWORD)

    assert response.status_code == 429


def test_forged_forwarded_for_does_not_escape_the_address_lockout(db):
    UserFactory(username="nguoi_khac")
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(5):
        _log_in(attacker, f"doan_ten_{number}", "sai-mat-khau", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")

    response = _log_in(attacker, "nguoi_khac", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_lockout_keys_on_the_address_the_proxy_saw(db):
    UserFactory(username="nguoi_khac")
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for number in range(5):
        # The client forges the left part; the proxy appends the address it really saw.
        _log_in(proxy, f"doan_ten_{number}", "sai", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7")

    locked = _log_in(proxy, "nguoi_khac", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    neighbour = _log_in(proxy, "nguoi_khac", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4")

    from axes.models import AccessAttempt

    assert locked.status_code == 429
    assert neighbour.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_lockout_holds_with_the_cache_unreachable(client, secretary):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        for _ in range(5):
            _log_in(client, "bithu_a", "sai-mat-khau")

        response = _log_in(client, "bithu_a", PASSWORD)

    from axes.models import AccessAttempt

    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="bithu_a").failures_since_start >= 5


def test_api_token_endpoint_shares_the_lockout(secretary):
    for _ in range(5):
        APIClient().post("/api/v1/auth/token/", {"username": "bithu_a", "password": "sai-mat-khau"})

    response = APIClient().post("/api/v1/auth/token/", {"username": "bithu_a", "password": PASSWORD})

    assert response.status_code == 429
    assert "token" not in response.data

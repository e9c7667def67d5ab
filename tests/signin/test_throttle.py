"""Issue 13, finding 4: the API token throttle.

Before the fix a rotating ``X-Forwarded-For`` gave every request a fresh counter (DRF's
``NUM_PROXIES`` unset), and with Redis unreachable the throttle raised: the endpoint answered 500.
"""

from django.test import override_settings
from rest_framework.test import APIClient

from tests.signin.conftest import UNREACHABLE_REDIS

WRONG = {"username": "bithu_a", "password": "sai-mat-khau"}


def test_rotating_forwarded_for_does_not_escape_the_token_throttle(db, settings):
    settings.AXES_ENABLED = False  # the throttle alone, without the lockout
    client = APIClient()
    statuses = [
        client.post("/api/v1/auth/token/", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(11)
    ]

    assert statuses == [400] * 10 + [429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_throttle_counts_the_address_the_proxy_saw(db, settings):
    settings.AXES_ENABLED = False
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    for n in range(10):
        proxy.post("/api/v1/auth/token/", WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")

    same_client = proxy.post("/api/v1/auth/token/", WRONG, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    other_client = proxy.post("/api/v1/auth/token/", WRONG, HTTP_X_FORWARDED_FOR="198.51.100.4")

    assert same_client.status_code == 429
    assert other_client.status_code == 400


def test_token_endpoint_with_redis_unreachable_still_answers_and_throttles(db, settings):
    settings.AXES_ENABLED = False
    client = APIClient()
    with override_settings(CACHES=UNREACHABLE_REDIS):
        statuses = [client.post("/api/v1/auth/token/", WRONG).status_code for _ in range(11)]

    assert statuses == [400] * 10 + [429]


def test_token_endpoint_with_redis_unreachable_still_hands_out_tokens(secretary):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = APIClient().post("/api/v1/auth/token/", {"username": "bithu_a", "password": "matkhau-demo-123"})

    assert response.status_code == 200
    assert response.data["token"]

"""The cache falls back to process memory while Redis is unreachable: no page or API call fails."""

import logging
import time

import pytest
from django.core.cache import cache

from partycell.operations.cache import FallbackRedisCache
from tests.factories import CandidacyFactory
from tests.operations.redis_server import PrivateRedis, free_port, needs_redis_server


def _use_redis_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "partycell.operations.cache.FallbackRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def unreachable_redis(settings):
    url = f"redis://127.0.0.1:{free_port()}/0"
    _use_redis_cache(settings, url)
    settings.REDIS_URL = url
    return url


def test_cache_calls_are_answered_from_memory_when_redis_is_unreachable(unreachable_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="partycell.operations.cache"):
        cache.set("throttle:1", 3, 60)
        cache.incr("throttle:1")
        values = (cache.get("throttle:1"), cache.get("missing", "default"), cache.get_many(["throttle:1"]))
        cache.delete("throttle:1")
        after_delete = cache.get("throttle:1")

    assert values == (4, "default", {"throttle:1": 4})
    assert after_delete is None
    assert [record.getMessage() for record in caplog.records] == [
        "Redis cache unreachable (ConnectionError): using this process's memory for 10.0 s."
    ]  # once per outage, not once per call


def test_an_outage_is_not_retried_on_every_call(unreachable_redis, monkeypatch):
    attempts = []
    original = FallbackRedisCache._cache.func  # type: ignore[attr-defined]

    def counting(self):
        attempts.append(1)
        return original(self)

    monkeypatch.setattr(FallbackRedisCache, "_cache", property(counting))

    for _ in range(20):
        cache.get("key")

    assert len(attempts) == 1


@pytest.mark.django_db
def test_pages_and_the_api_answer_while_redis_is_unreachable(client, unreachable_redis, secretary, tree):
    candidacy = CandidacyFactory(cell=tree.cell_a)

    login = client.post("/accounts/login/", {"username": "bithu_a", "password": "matkhau-demo-123"})
    home = client.get("/")
    page = client.get(f"/candidacies/{candidacy.pk}/")
    api = client.get("/api/v1/candidacies/")

    assert login.status_code == 302
    assert (home.status_code, page.status_code, api.status_code) == (200, 200, 200)
    assert api.json()["count"] == 1


@needs_redis_server
def test_cache_goes_back_to_redis_once_it_returns(settings, tmp_path, monkeypatch):
    server = PrivateRedis(tmp_path).start()
    try:
        _use_redis_cache(settings, server.url)
        monkeypatch.setattr(FallbackRedisCache, "RETRY_AFTER", 0.2)
        cache.set("k", "in redis")
        stored_before = server.client().keys("*k")
        server.kill()
        during = cache.get("k", "fallback")
        cache.set("k", "in memory")
        server.start()
        memory_answer = cache.get("k")  # within RETRY_AFTER: still memory
        time.sleep(0.3)
        cache.set("k", "in redis again")
        stored_after = server.client().keys("*k")
        redis_answer = cache.get("k")
    finally:
        server.kill()

    assert stored_before == [":1:k"]
    assert during == "fallback"
    assert memory_answer == "in memory"
    assert stored_after == [":1:k"]
    assert redis_answer == "in redis again"

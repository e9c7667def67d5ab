import pytest
from django.core.cache import cache

UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _production_session_lifetimes(settings, _sessions_outlast_time_travel):
    """The lifetimes of settings.py (30 minutes idle, 12 hours), which tests/conftest.py stretches."""
    import datetime

    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=30)
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60

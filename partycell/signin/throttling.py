"""API throttles that keep counting, per process, while the shared cache (Redis) is down.

DRF's throttles read and write the default cache; with Redis unreachable every throttled request
raised and answered 500. ``ThrottleCache`` asks the shared cache while it answers and, once it fails,
this process's memory for ``RETRY_AFTER_SECONDS`` before trying the shared cache again. Counting per
process is weaker (each worker counts apart) but never refuses everyone and never answers 500; the
lockout itself lives in the database (django-axes), so it holds whatever the cache does.
"""

import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from partycell.signin.client import client_address

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30.0


class ThrottleCache:
    """``get`` and ``set`` on the shared cache, falling back to this process's memory when it fails."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self.local = LocMemCache("partycell-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self.shared_down_until = 0.0

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default)

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        self._call("set", key, value, timeout)

    def reset(self) -> None:
        """Forget the outage and the local counts (the cache settings changed, e.g. in a test)."""
        self.shared_down_until = 0.0
        self.local.clear()

    def _call(self, method: str, *args: Any) -> Any:
        if time.monotonic() >= self.shared_down_until:
            try:
                return getattr(caches[self.alias], method)(*args)
            except Exception as error:  # noqa: BLE001 - any failure of the cache backend (Redis down, timeout, DNS)
                self.shared_down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning("Throttle cache unavailable, counting in this process: %r", error)
        return getattr(self.local, method)(*args)


throttle_cache = ThrottleCache()


@receiver(setting_changed)
def _cache_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "CACHES":
        throttle_cache.reset()


class ClientAddressRateThrottle(AnonRateThrottle):
    """An anonymous-rate throttle keyed on ``client_address`` that survives a cache outage."""

    cache = throttle_cache  # type: ignore[assignment]  # get and set are all SimpleRateThrottle uses

    def get_ident(self, request: Request) -> str:
        return client_address(request)

    def allow_request(self, request: Request, view: APIView) -> bool:
        return bool(super().allow_request(request, view))

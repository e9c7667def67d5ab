"""The client's address, as the configured number of trusted reverse proxies report it.

``TRUSTED_PROXY_COUNT`` (an environment variable) is the one setting: 0 means PartyCell is reached
directly and ``X-Forwarded-For`` is ignored; N means N proxies each append the address they were
reached from, so the client is the N-th address from the right. Anything further left was written by
the client and is never trusted. DRF's ``NUM_PROXIES`` is the same number, so the API throttles and
the lockout (django-axes) agree on who is asking.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request``: ``REMOTE_ADDR`` or one from ``X-Forwarded-For``."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = settings.TRUSTED_PROXY_COUNT
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))] or remote

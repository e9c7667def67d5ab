"""The personal-data access log, as paperwork calls it: one line per download.

``partycell.privacy.access.log_access`` (issue 13) records who was shown whose record; until it is
installed, downloads are written to the ``partycell.access`` logger with the same arguments.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger("partycell.access")

try:
    from partycell.privacy.access import log_access as _log_access  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - until issue 13's log is on main
    _log_access = None


def log_access(*, user: Any, person_ids: Iterable[int], what: str, request: HttpRequest | None = None) -> None:
    ids = sorted(set(person_ids))
    if _log_access is not None:
        _log_access(user=user, person_ids=ids, what=what, request=request)
        return
    logger.info("access", extra={"user_id": getattr(user, "pk", None), "person_ids": ids, "what": what,
                                 "path": request.path if request is not None else ""})  # fmt: skip

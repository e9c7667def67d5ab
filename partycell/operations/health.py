"""Health of the running stack, for monitors and load balancers (``/healthz``), and the heartbeat.

Each check answers ``{"status": "ok" | "fail" | "off", ...}``; ``off`` means the part is not
configured (no ``REDIS_URL``: tasks run in the web process and beat is not needed). The whole is
``ok`` only when no check fails. The thresholds are settings (``HEALTH_*``, deploy/env.example).

- ``database``: ``SELECT 1`` on every configured database (the read replica too).
- ``redis``: ``PING`` with a one-second timeout.
- ``reminder_scan``: age of the last *completed whole* scan (06:00 and 13:00 every day).
- ``beat``: age of the heartbeat that beat sends every ``PARTYCELL_HEARTBEAT_SECONDS`` and a worker
  records; an old one means beat, the broker or every worker is down.
"""

import datetime
import time
from typing import Any

import redis
from django.conf import settings
from django.db import connections
from django.utils import timezone

from partycell.notifications.models import ReminderScan
from partycell.operations.models import Heartbeat

BEAT = "beat"
Check = dict[str, Any]


def heartbeat_record(*, name: str = BEAT) -> None:
    """Stamp the heartbeat ``name`` with the current time (one row, updated in place)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def _age(moment: datetime.datetime | None, *, now: datetime.datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def check_databases() -> Check:
    started = time.monotonic()
    failures = {}
    for alias in filter(None, ["default", settings.READ_REPLICA_ALIAS]):
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:  # any driver error means "down" to a monitor
            failures[alias] = type(exc).__name__
    check: Check = {"status": "fail" if failures else "ok", "ms": round((time.monotonic() - started) * 1000)}
    if failures:
        check["errors"] = failures
    return check


def check_redis() -> Check:
    if not settings.REDIS_URL:
        return {"status": "off"}
    started = time.monotonic()
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        return {"status": "fail", "error": type(exc).__name__}
    finally:
        client.close()
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000)}


def check_reminder_scan(*, now: datetime.datetime) -> Check:
    finished = (
        ReminderScan.objects.filter(whole=True, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    limit = settings.HEALTH_SCAN_MAX_AGE_HOURS * 3600
    age = _age(finished, now=now)
    return {
        "status": "ok" if age is not None and age <= limit else "fail",
        "last_finished_at": finished.isoformat() if finished else None,
        "age_seconds": age,
        "max_age_seconds": limit,
    }


def check_beat(*, now: datetime.datetime) -> Check:
    if not settings.REDIS_URL:
        return {"status": "off"}
    beat_at = Heartbeat.objects.filter(name=BEAT).values_list("beat_at", flat=True).first()
    limit = settings.HEALTH_BEAT_MAX_AGE_SECONDS
    age = _age(beat_at, now=now)
    return {
        "status": "ok" if age is not None and age <= limit else "fail",
        "last_beat_at": beat_at.isoformat() if beat_at else None,
        "age_seconds": age,
        "max_age_seconds": limit,
    }


def health_report(*, only_database: bool = False) -> dict[str, Any]:
    """Every check and the overall status; ``only_database`` for a load balancer's readiness probe."""
    now = timezone.now()
    checks: dict[str, Check] = {"database": check_databases()}
    if not only_database:
        checks["redis"] = check_redis()
        if checks["database"]["status"] == "ok":
            checks["reminder_scan"] = check_reminder_scan(now=now)
            checks["beat"] = check_beat(now=now)
    status = "fail" if any(check["status"] == "fail" for check in checks.values()) else "ok"
    return {"status": status, "checked_at": now.isoformat(), "checks": checks}

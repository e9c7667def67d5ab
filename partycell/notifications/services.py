"""Writes on notifications, and the one safe way to queue a reminder scan."""

import logging

from django.db import transaction
from django.utils import timezone

from partycell.accounts.models import User
from partycell.notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def notification_preference_set(*, user: User, delivery: str) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": delivery})
    return preference


def _enqueue_scan(candidacy_id: int | None) -> None:
    from partycell.notifications.tasks import task_scan_reminders  # tasks import services' callers

    try:
        # retry=False: with Redis down, fail in ~2 s (broker socket timeouts) instead of blocking a page.
        task_scan_reminders.apply_async(kwargs={"candidacy_id": candidacy_id}, retry=False)
    except Exception:  # kombu.OperationalError, redis ConnectionError, DNS...: the daily scan catches up
        logger.exception("Could not queue a reminder scan (candidacy %s); the next scheduled scan will catch up.",
                         candidacy_id)


def reminders_request_scan(*, candidacy_id: int | None = None) -> None:
    """Queue a reminder scan (of one candidacy, or of all) once the current transaction commits.

    For the workflow services: call it after a transition so the new step's notices appear at once.
    A broker outage is logged, never raised, so the page that triggered it keeps working.
    """
    transaction.on_commit(lambda: _enqueue_scan(candidacy_id))

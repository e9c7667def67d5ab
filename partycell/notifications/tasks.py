"""Celery tasks: thin interfaces that call one service. Queue them only through ``transaction.on_commit``
(see ``partycell.notifications.services.reminders_request_scan``). Scheduled in ``partycell/celery.py``.
"""

import logging

from celery import shared_task
from django.utils import timezone

from partycell.notifications.delivery import notifications_send_digests
from partycell.notifications.reminders import reminders_run

logger = logging.getLogger(__name__)


@shared_task(name="notifications.scan_reminders", soft_time_limit=4 * 60, time_limit=5 * 60, acks_late=True)
def task_scan_reminders(*, candidacy_id: int | None = None) -> int:
    """Record the notices due today (for one candidacy, or all) and e-mail the immediate ones."""
    return reminders_run(on=timezone.localdate(), candidacy_ids=None if candidacy_id is None else [candidacy_id])


@shared_task(name="notifications.send_digests", soft_time_limit=4 * 60, time_limit=5 * 60, acks_late=True)
def task_send_digests() -> int:
    """E-mail each person one digest of their pending notices."""
    return notifications_send_digests()

"""Celery tasks of the procedure: thin interfaces that call one function. Scheduled in ``partycell/celery.py``."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from workflows.scans import stashes_purge

logger = logging.getLogger(__name__)

# A scan chosen on a step's form waits this long for its confirmation before it is deleted.
STASH_MAX_AGE = datetime.timedelta(days=1)


@shared_task(name="workflows.purge_scan_stashes", soft_time_limit=4 * 60, time_limit=5 * 60, acks_late=True)
def task_purge_scan_stashes() -> int:
    """Delete the scans stashed for a confirmation that never came, once older than a day."""
    removed = stashes_purge(before=timezone.now() - STASH_MAX_AGE)
    if removed:
        logger.info("Deleted %d unconfirmed scan(s) older than %s.", removed, STASH_MAX_AGE)
    return removed

"""The Celery app. The beat schedule lives here, in one place: ``app.conf.beat_schedule`` below.

Crontabs are read in ``CELERY_TIMEZONE`` (Asia/Ho_Chi_Minh). Exactly one beat may run: the
RedBeat scheduler (``CELERY_BEAT_SCHEDULER``) holds a lock in Redis, so a second beat started by
mistake waits instead of sending every job twice. See docs/reminders.md.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")

app = Celery("partycell")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every entry: a plain-English comment, a soft time limit (the task gets SoftTimeLimitExceeded and can
# stop cleanly) and a hard one (the worker kills it), and an expiry so a backlog is not run late.
app.conf.beat_schedule = {
    # Every day at 06:00: find every upcoming, overdue and stale step and record each notice once,
    # then e-mail the people who asked for immediate e-mails. Re-running it the same day is harmless.
    "notifications-scan-reminders": {
        "task": "notifications.scan_reminders",
        "schedule": crontab(hour=6, minute=0),
        "options": {"soft_time_limit": 15 * 60, "time_limit": 20 * 60, "expires": 6 * 60 * 60},
    },
    # Every day at 13:00 as a catch-up: a morning scan lost to a Redis or worker outage is redone.
    "notifications-scan-reminders-catch-up": {
        "task": "notifications.scan_reminders",
        "schedule": crontab(hour=13, minute=0),
        "options": {"soft_time_limit": 15 * 60, "time_limit": 20 * 60, "expires": 6 * 60 * 60},
    },
    # Every day at 07:00: one digest e-mail per person, grouping all their notices not yet e-mailed.
    "notifications-send-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "options": {"soft_time_limit": 15 * 60, "time_limit": 20 * 60, "expires": 6 * 60 * 60},
    },
    # Every hour at :40: delete the scans chosen on a step's form whose confirmation never came, once
    # older than a day (workflows.tasks.STASH_MAX_AGE). Harmless to repeat; a missed run waits an hour.
    "workflows-purge-scan-stashes": {
        "task": "workflows.purge_scan_stashes",
        "schedule": crontab(minute=40),
        "options": {"soft_time_limit": 10 * 60, "time_limit": 15 * 60, "expires": 30 * 60},
    },
}

"""The Celery app. The beat schedule lives here, in one place: ``app.conf.beat_schedule`` below.

Crontabs are read in ``CELERY_TIMEZONE`` (Asia/Ho_Chi_Minh). Exactly one beat sends jobs: the
resilient RedBeat scheduler (``CELERY_BEAT_SCHEDULER``, partycell/operations/beat.py) holds a lock in
Redis, so a second beat waits as a standby instead of sending every job twice, and takes over within a
minute if the first dies. See docs/reminders.md and docs/operations.md.

Hard time limits stay under the broker's visibility timeout (``CELERY_VISIBILITY_TIMEOUT``, 6 min):
a message is redelivered only when its worker died, never while its task still runs.
"""

import datetime
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")

app = Celery("partycell")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_SECONDS = int(os.environ.get("PARTYCELL_HEARTBEAT_SECONDS", "60"))

# Every entry: a plain-English comment, a soft time limit (the task gets SoftTimeLimitExceeded and can
# stop cleanly) and a hard one (the worker kills it), and an expiry so a backlog is not run late.
app.conf.beat_schedule = {
    # Every day at 06:00: find every upcoming, overdue and stale step and record each notice once,
    # then e-mail the people who asked for immediate e-mails. Re-running it the same day is harmless.
    "notifications-scan-reminders": {
        "task": "notifications.scan_reminders",
        "schedule": crontab(hour=6, minute=0),
        "options": {"soft_time_limit": 4 * 60, "time_limit": 5 * 60, "expires": 6 * 60 * 60},
    },
    # Every day at 13:00 as a catch-up: a morning scan lost to a Redis or worker outage is redone.
    "notifications-scan-reminders-catch-up": {
        "task": "notifications.scan_reminders",
        "schedule": crontab(hour=13, minute=0),
        "options": {"soft_time_limit": 4 * 60, "time_limit": 5 * 60, "expires": 6 * 60 * 60},
    },
    # Every day at 07:00: one digest e-mail per person, grouping all their notices not yet e-mailed.
    "notifications-send-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "options": {"soft_time_limit": 4 * 60, "time_limit": 5 * 60, "expires": 6 * 60 * 60},
    },
    # Every hour at :40: delete the scans chosen on a step's form whose confirmation never came, once
    # older than a day (workflows.tasks.STASH_MAX_AGE). Harmless to repeat; a missed run waits an hour.
    "workflows-purge-scan-stashes": {
        "task": "workflows.purge_scan_stashes",
        "schedule": crontab(minute=40),
        "options": {"soft_time_limit": 4 * 60, "time_limit": 5 * 60, "expires": 30 * 60},
    },
    # Every PARTYCELL_HEARTBEAT_SECONDS (60): a worker stamps the heartbeat that /healthz reports, which
    # proves beat, the broker and a worker all run. Expires before the next one is sent.
    "operations-heartbeat": {
        "task": "operations.heartbeat",
        "schedule": datetime.timedelta(seconds=HEARTBEAT_SECONDS),
        "options": {"soft_time_limit": 30, "time_limit": 60, "expires": HEARTBEAT_SECONDS},
    },
}

"""The Celery app. The beat schedule lives here, in one place (see ``CELERY_BEAT_SCHEDULE``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")

app = Celery("partycell")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

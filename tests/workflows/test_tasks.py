"""The procedure's periodic jobs: the stash purge, its schedule and its name."""

import datetime
import os

from django.core.files.storage import default_storage
from django.utils import timezone

from partycell.celery import app
from tests.files import pdf_bytes, upload
from workflows import scans
from workflows.tasks import task_purge_scan_stashes


def _written_hours_ago(path: str, hours: float) -> None:
    stamp = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(path), (stamp, stamp))


def test_purge_scan_stashes_removes_stashes_older_than_a_day_and_keeps_newer_ones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    abandoned = scans.stash_save(upload("don.pdf", pdf_bytes()), token="1" * 32)
    waiting = scans.stash_save(upload("ly-lich.pdf", pdf_bytes()), token="2" * 32)
    _written_hours_ago(abandoned, 24.5)
    _written_hours_ago(waiting, 23.5)

    removed = task_purge_scan_stashes()

    assert removed == 1
    assert (default_storage.exists(abandoned), default_storage.exists(waiting)) == (False, True)
    assert default_storage.listdir("pending")[0] == ["2" * 32]


def test_purge_scan_stashes_runs_every_hour_under_its_explicit_name():
    entry = app.conf.beat_schedule["workflows-purge-scan-stashes"]

    assert entry["task"] == "workflows.purge_scan_stashes"
    assert entry["schedule"].minute == {40} and len(entry["schedule"].hour) == 24
    assert "workflows.purge_scan_stashes" in app.tasks

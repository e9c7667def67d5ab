"""The real stack: a Celery worker process, the real Redis broker and the test database.

Runs only when REDIS_URL is set and the tests run on PostgreSQL (the worker must reach the test
database from another process, which SQLite's in-memory test database cannot offer). CI sets both.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from partycell.celery import app
from partycell.notifications.models import Notification, ReminderScan
from partycell.rulebook.calendar import add_working_days
from tests.notifications.conftest import make_candidacy

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis broker)"),
]


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A solo Celery worker on a queue of its own, so no other worker on this Redis can take our tasks."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the PostgreSQL test database")
    queue = f"test-reminders-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "partycell.settings",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "partycell", "worker", "--pool=solo", "--concurrency=1",
        "-Q", queue, "-n", f"{queue}@%h", "--without-mingle", "--without-gossip", "--without-heartbeat",
        "--loglevel=INFO",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        yield queue, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_scans(count: int, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ReminderScan.objects.filter(finished_at__isnull=False).count() >= count:
            return
        time.sleep(0.5)
    pytest.fail(f"the worker did not finish scan {count} in {timeout} s; its log:\n{log.read_text()}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_scan_through_redis_records_each_notice_exactly_once(
    worker, tree, secretary, cell_committee_member, deadline_rule
):
    queue, log = worker
    due_on = add_working_days(timezone.localdate(), 1)
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=due_on)

    app.send_task("notifications.scan_reminders", kwargs={}, queue=queue)
    _wait_for_scans(1, log)
    app.send_task("notifications.scan_reminders", kwargs={}, queue=queue)
    _wait_for_scans(2, log)

    assert sorted(Notification.objects.values_list("recipient__username", "due_on", "lead_days")) == [
        ("bithu_a", due_on, 1),
        ("chiuy_a", due_on, 1),
    ]
    assert list(ReminderScan.objects.order_by("started_at").values_list("notices_created", flat=True)) == [2, 0]

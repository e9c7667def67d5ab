"""A worker killed in the middle of a task: the message stays unacknowledged in Redis and another
worker runs it once the broker's visibility timeout has passed (3 s here, 6 min in production).

The task is the heartbeat, held mid-way by a row lock the test takes on its row; the worker runs
against the PostgreSQL test database and a private redis-server, so it needs both.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from partycell.operations.models import Heartbeat
from tests.factories import HeartbeatFactory
from tests.notifications.test_broker import _test_database_url
from tests.operations.redis_server import PrivateRedis, needs_redis_server

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 3
pytestmark = [needs_redis_server, pytest.mark.django_db(transaction=True)]


class Worker:
    def __init__(self, redis: PrivateRedis, directory: Path, name: str) -> None:
        self.log = directory / f"{name}.log"
        env = {
            **os.environ,
            "REDIS_URL": redis.url,
            "DATABASE_URL": _test_database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "DJANGO_SETTINGS_MODULE": "partycell.settings",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "partycell", "worker", "--pool=solo", "--loglevel=INFO",
            "-n", f"{name}@%h", "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        with self.log.open("w") as output:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603

    def text(self) -> str:
        return self.log.read_text()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def _wait(condition, timeout: float, what: str, *workers: Worker) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    pytest.fail(f"{what} not within {timeout} s:\n" + "\n\n".join(worker.text() for worker in workers))


def test_a_task_whose_worker_was_killed_is_run_by_another_worker_after_the_visibility_timeout(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the PostgreSQL test database")
    redis = PrivateRedis(tmp_path).start()
    stamped = HeartbeatFactory(beat_at=timezone.now() - timezone.timedelta(hours=1)).beat_at
    holder = psycopg.connect(_test_database_url())
    workers: list[Worker] = []
    try:
        holder.execute("SELECT * FROM operations_heartbeat WHERE name = 'beat' FOR UPDATE")  # the task will wait
        first = Worker(redis, tmp_path, "first")
        workers.append(first)
        sender = Celery(broker=redis.url)
        task_id = sender.send_task("operations.heartbeat").id
        _wait(lambda: f"operations.heartbeat[{task_id}] received" in first.text(), 60, "the first worker's receipt",
              first)  # fmt: skip
        time.sleep(0.5)  # inside the task, waiting on the row lock
        first.kill()
        holder.rollback()
        unacked = redis.client().hlen("unacked")

        second = Worker(redis, tmp_path, "second")
        workers.append(second)
        redelivered = _wait(
            lambda: Heartbeat.objects.get(name="beat").beat_at > stamped, 60, "the heartbeat by the second worker",
            first, second,
        )  # fmt: skip
    finally:
        holder.close()
        for worker in workers:
            worker.kill()
        redis.kill()

    assert unacked == 1  # the killed worker's message, not acknowledged
    assert f"operations.heartbeat[{task_id}] received" in second.text()
    assert f"operations.heartbeat[{task_id}] succeeded" in second.text()
    assert redelivered < 60

"""Celery beat against a private redis-server it may lose: stalls, restarts, and a standby beat.

Short timeouts (lock 4 s, loop 1 s, a heartbeat job every second) prove the mechanisms; the
production timings (30 s, 10 s, 60 s) are measured by benchmarks/beat_takeover.py into
docs/benchmarks.md. What beat sends is read straight from the broker's queue in Redis.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.operations.redis_server import PrivateRedis, needs_redis_server

ROOT = Path(__file__).resolve().parents[2]
LOCK_TIMEOUT, LOOP = 4, 1
pytestmark = needs_redis_server


class Beat:
    def __init__(self, redis: PrivateRedis, directory: Path, name: str) -> None:
        self.log = directory / f"{name}.log"
        env = {
            **os.environ,
            "REDIS_URL": redis.url,
            "DATABASE_URL": f"sqlite:///{directory / 'unused.sqlite3'}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_REDBEAT_LOCK_TIMEOUT": str(LOCK_TIMEOUT),
            "CELERY_BEAT_MAX_LOOP_INTERVAL": str(LOOP),
            "CELERY_REDBEAT_SOCKET_TIMEOUT": "1",
            "PARTYCELL_HEARTBEAT_SECONDS": "1",
            "DJANGO_SETTINGS_MODULE": "partycell.settings",
        }
        command = [sys.executable, "-m", "celery", "-A", "partycell", "beat", "--loglevel=INFO"]
        with self.log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own celery
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def text(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    server.kill()


@pytest.fixture
def beats(tmp_path):
    started: list[Beat] = []

    def start(redis: PrivateRedis, name: str) -> Beat:
        beat = Beat(redis, tmp_path, name)
        started.append(beat)
        return beat

    yield start
    for beat in started:
        beat.stop()


def heartbeats_queued(redis: PrivateRedis) -> int:
    """Heartbeat jobs beat has sent to the broker's default queue (no worker takes them here)."""
    try:
        messages = redis.client().lrange("celery", 0, -1)
    except Exception:  # Redis down right now
        return 0
    return sum(json.loads(message)["headers"]["task"] == "operations.heartbeat" for message in messages)


def wait_for(condition: Callable[[], bool], timeout: float, what: str, *beats: Beat) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    logs = "\n\n".join(beat.text() for beat in beats)
    pytest.fail(f"{what} did not happen within {timeout} s; beat logs:\n{logs}")


def test_beat_keeps_sending_after_redis_restarts_empty(redis, beats):
    beat = beats(redis, "beat")
    wait_for(lambda: heartbeats_queued(redis) >= 2, 60, "a first heartbeat", beat)

    redis.kill()
    time.sleep(3)  # beat ticks against a dead Redis meanwhile
    assert beat.alive(), beat.text()
    redis.start()  # fresh: no lock, no schedule, no queue

    wait_for(lambda: heartbeats_queued(redis) >= 2, 30, "a heartbeat after the restart", beat)
    assert beat.alive()
    assert redis.client().get("redbeat::lock")  # the lock is held again
    assert "Redis unreachable" in beat.text()
    assert "Schedule missing from Redis; installing it again." in beat.text()


def test_beat_survives_a_redis_stall_longer_than_its_socket_timeout(redis, beats):
    beat = beats(redis, "beat")
    wait_for(lambda: heartbeats_queued(redis) >= 1, 60, "a first heartbeat", beat)

    redis.stall()  # SIGSTOP: connections hang, every call times out
    time.sleep(LOCK_TIMEOUT + 2)
    redis.resume()
    before = heartbeats_queued(redis)

    wait_for(lambda: heartbeats_queued(redis) >= before + 2, 30, "heartbeats after the stall", beat)
    assert beat.alive()
    assert "TimeoutError" in beat.text() or "Timeout" in beat.text()


def test_a_standby_beat_takes_over_within_the_lock_timeout_when_the_active_one_is_killed(redis, beats):
    active = beats(redis, "active")
    wait_for(lambda: heartbeats_queued(redis) >= 1, 60, "the active beat's first heartbeat", active)
    standby = beats(redis, "standby")
    wait_for(lambda: "beat: Starting..." in standby.text(), 60, "the standby's start", standby)
    time.sleep(3)
    before = heartbeats_queued(redis)
    time.sleep(4)
    sent_while_both_ran = heartbeats_queued(redis) - before

    active.process.send_signal(signal.SIGKILL)
    active.process.wait()
    after_kill = heartbeats_queued(redis)
    took_over = wait_for(
        lambda: heartbeats_queued(redis) > after_kill, 60, "the standby's first heartbeat", active, standby
    )

    assert sent_while_both_ran <= 5  # one beat sends about one a second; two would send about eight
    assert took_over < LOCK_TIMEOUT + 2 * LOOP + 3  # the lock expires, the standby's next poll takes it
    assert standby.alive()

"""Benchmark of beat's production timings against a private redis-server (not a test).

    .venv/bin/python benchmarks/beat_takeover.py

With the production settings (CELERY_REDBEAT_LOCK_TIMEOUT 30 s, CELERY_BEAT_MAX_LOOP_INTERVAL 10 s,
socket timeout 10 s) and only the heartbeat job sent every second so that each send can be seen in
the broker's queue, it measures (1) how long a standby beat takes to send its first job after the
active beat is killed with SIGKILL, and (2) how long beat takes to send again after Redis is killed,
kept down 5 s and restarted empty. The result replaces the "Beat" section of docs/benchmarks.md.
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docs_section import replace_section  # benchmarks/ is the script's directory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.operations.redis_server import PrivateRedis  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- beat-benchmark:start -->", "<!-- beat-benchmark:end -->"


def beat(redis: PrivateRedis, log: Path) -> subprocess.Popen:
    env = {
        **os.environ, "REDIS_URL": redis.url, "DATABASE_URL": f"sqlite:///{log.parent / 'unused.sqlite3'}",
        "CELERY_TASK_ALWAYS_EAGER": "false", "PARTYCELL_HEARTBEAT_SECONDS": "1",
        "DJANGO_SETTINGS_MODULE": "partycell.settings",
    }  # fmt: skip
    for name in ("CELERY_REDBEAT_LOCK_TIMEOUT", "CELERY_BEAT_MAX_LOOP_INTERVAL", "CELERY_REDBEAT_SOCKET_TIMEOUT"):
        env.pop(name, None)  # the production defaults
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "partycell", "beat", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def queued(redis: PrivateRedis) -> int:
    try:
        return sum(
            json.loads(message)["headers"]["task"] == "operations.heartbeat"
            for message in redis.client().lrange("celery", 0, -1)
        )
    except Exception:
        return 0


def wait_until(condition, timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    raise SystemExit("timed out")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="beat-bench-"))
    redis = PrivateRedis(work).start()
    processes = []
    try:
        active = beat(redis, work / "active.log")
        processes.append(active)
        wait_until(lambda: queued(redis) >= 1)
        standby = beat(redis, work / "standby.log")
        processes.append(standby)
        time.sleep(15)
        active.send_signal(signal.SIGKILL)
        active.wait()
        before = queued(redis)
        takeover = wait_until(lambda: queued(redis) > before)

        redis.kill()
        time.sleep(5)
        redis.start()
        recovered = 5 + wait_until(lambda: queued(redis) >= 1)
    finally:
        for process in processes:
            process.kill()
            process.wait()
        redis.kill()
    section = f"""{START}
## Beat: takeover and Redis restart (`benchmarks/beat_takeover.py`)

Run on {datetime.date.today():%d/%m/%Y} against a private redis-server, production settings
(lock 30 s, loop 10 s, socket timeout 10 s; the heartbeat job every second so each send shows).

| Measure | Seconds | Promise |
| --- | ---: | --- |
| Active beat killed (SIGKILL) → the standby's first job | {takeover:.1f} | under 60 (lock 30 + loop 10) |
| Redis killed, down 5 s, restarted empty → beat's next job | {recovered:.1f} | the schedule continues |

Before issue 14: the standby took over after 537 s, and beat exited on a Redis stall or restart.
{END}"""
    replace_section(DOCS, section, START, END)
    print(section)


if __name__ == "__main__":
    main()

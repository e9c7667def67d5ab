"""The production stack on one machine, without Docker, walked end to end (``deploy/smoke``).

1. Creates a database ``partycell_smoke_<random>`` on the local PostgreSQL (SMOKE_POSTGRES_URL,
   default postgres://postgres@127.0.0.1:5432), a private ``redis-server`` with an append-only file
   on a free port, and an SMTP sink (deploy/smtp_sink.py) on another.
2. Production settings (``PARTYCELL_ENV=production``), with only the overrides that plain HTTP on
   the loopback needs, listed in ``PLAIN_HTTP_ON_LOOPBACK`` below, and one timing, the heartbeat
   every 3 s instead of 60 s so that ``/healthz`` can see beat within the run. Its HTTP client sends
   the session and CSRF cookies although they are marked Secure (a browser would not over HTTP).
3. ``migrate``, ``collectstatic``, then a small tree from the demo: a residential cell with nine
   members, its secretary (a role that needs no second factor), the commune's staff member, and one
   candidate whose file is complete (``partycell.demo.walks.walk`` to "introduced").
4. Starts gunicorn (2 workers), a Celery worker and Celery beat, as deploy/systemd runs them.
5. Over HTTP: logs in as the cell secretary through the log-in form, sees the case on the home page,
   records the cell's vote through the API; the step's scan (queued on commit, run by the worker)
   records the notice to the commune staff; a whole reminder scan and the digest job go through the
   broker to the worker; the digest e-mail to the staff member, naming the candidate, reaches the SMTP
   sink; ``/healthz`` answers 200 with the database, Redis, the scan and beat's heartbeat all ok.
6. Stops everything (SIGTERM), drops the database, and prints the time taken.
"""

import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
from smtp_sink import start_in_thread  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
POSTGRES = os.environ.get("SMOKE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
STARTED = time.monotonic()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def say(message: str) -> None:
    print(f"[smoke {time.monotonic() - STARTED:5.1f}s] {message}", flush=True)


class SmokeFailed(Exception):
    pass


def wait_for(what: str, check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise SmokeFailed(f"{what}: not within {timeout:.0f} s")


class AnyCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies over plain HTTP too: the loopback has no TLS (stated in the docstring)."""

    def return_ok_secure(self, cookie, request):  # noqa: ANN001
        return True


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="partycell-smoke-"))
    database = f"partycell_smoke_{secrets.token_hex(4)}"
    web_port, redis_port, smtp_port = free_port(), free_port(), free_port()
    site = f"http://127.0.0.1:{web_port}"
    # Everything production needs, plus ONLY what plain HTTP on the loopback needs:
    PLAIN_HTTP_ON_LOOPBACK = {  # noqa: N806
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": site,
        "CSRF_TRUSTED_ORIGINS": site,
        "SECURE_SSL_REDIRECT": "false",  # no TLS terminator in front of gunicorn here
        "SECURE_HSTS_SECONDS": "0",  # never tell a browser to insist on HTTPS for 127.0.0.1
    }
    env = {
        **os.environ,
        "PARTYCELL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DEFAULT_FROM_EMAIL": "PartyCell <no-reply@partycell.local>",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PARTYCELL_HEARTBEAT_SECONDS": "3",  # timing only: beat's heartbeat seen within the run
        "LOG_FORMAT": "json",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": "2",
        **PLAIN_HTTP_ON_LOOPBACK,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    processes: dict[str, subprocess.Popen] = {}
    logs: dict[str, Path] = {}
    redis_process = None

    def start(name: str, *command: str) -> None:
        logs[name] = work / f"{name}.log"
        with logs[name].open("w") as output:
            processes[name] = subprocess.Popen(  # noqa: S603 - our own programs
                list(command), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )

    def manage(*args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise SmokeFailed(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def psql(sql: str) -> str:
        result = subprocess.run(  # noqa: S603
            ["psql", f"{POSTGRES}/{database}", "--no-psqlrc", "-tAc", sql],  # noqa: S607
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    try:
        say(f"work directory {work}; database {database}")
        subprocess.run(  # noqa: S603
            ["psql", f"{POSTGRES}/postgres", "-tAc", f'CREATE DATABASE "{database}"'],  # noqa: S607
            check=True, capture_output=True,
        )  # fmt: skip
        redis_server = shutil.which("redis-server")
        if redis_server is None:
            raise SmokeFailed("redis-server is not installed")
        redis_process = subprocess.Popen(  # noqa: S603
            [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--appendonly", "yes",
             "--dir", str(work), "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        mail_dir = work / "mail"
        mail_dir.mkdir()
        sink = start_in_thread(smtp_port, mail_dir)

        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        seeded = json.loads(manage("shell", "--no-imports", "-c", SEED).strip().splitlines()[-1])
        say(f"migrated, static files collected, seeded: {seeded}")

        start("web", str(BIN / "gunicorn"), "partycell.wsgi", "--config", "deploy/gunicorn.conf.py")
        start("worker", str(BIN / "celery"), "-A", "partycell", "worker", "--loglevel=INFO", "--concurrency=1",
              "-n", f"smoke-{database}@%h")  # fmt: skip
        start("beat", str(BIN / "celery"), "-A", "partycell", "beat", "--loglevel=INFO")

        def ready():
            try:
                with urllib.request.urlopen(f"{site}/healthz/ready", timeout=3) as response:  # noqa: S310
                    return response.status == 200
            except OSError:  # refused, reset or timed out while gunicorn starts
                return False

        wait_for("gunicorn answering /healthz/ready", ready, 60)
        say("gunicorn, the worker and beat are running")

        jar = http.cookiejar.CookieJar(policy=AnyCookiePolicy())
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def request(path: str, data: bytes | None = None, headers: dict | None = None):
            req = urllib.request.Request(f"{site}{path}", data=data, headers=headers or {})  # noqa: S310
            try:
                response = opener.open(req, timeout=30)
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode(), exc.url
            return response.status, response.read().decode(), response.url

        def csrf() -> str:
            return next(cookie.value for cookie in jar if cookie.name == "csrftoken")

        status, page, _ = request("/accounts/login/")
        assert status == 200, status
        form = urllib.parse.urlencode(
            {"username": "bithu", "password": "partycell-demo", "csrfmiddlewaretoken": csrf()}
        ).encode()
        status, page, url = request("/accounts/login/", form, {"Referer": f"{site}/accounts/login/"})
        if status != 200 or "/accounts/login/" in url:
            raise SmokeFailed(f"log-in as the cell secretary failed: {status} at {url}")
        status, home, _ = request("/")
        if status != 200 or seeded["person"] not in home:
            raise SmokeFailed(f"the secretary's home page ({status}) does not show {seeded['person']}")
        say("logged in over HTTP as the cell secretary; the case waits on her home page")

        pk = seeded["candidacy"]
        status, body, _ = request(f"/api/v1/candidacies/{pk}/transitions/", headers={"Accept": "application/json"})
        offered = json.loads(body)
        vote = {
            "meeting_date": seeded["yesterday"], "present": 9, "in_favour": 9, "against": 0,
            "method": "secret_ballot", "resolution_number": "07-NQ/CB", "expected_stage": offered["stage"],
        }  # fmt: skip
        status, body, _ = request(
            f"/api/v1/candidacies/{pk}/transitions/cell_vote/",
            json.dumps(vote).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": csrf(), "Referer": f"{site}/"},
        )
        if status not in (200, 201):
            raise SmokeFailed(f"the cell vote was refused: {status} {body}")
        say(f"the cell's vote recorded over the API: {offered['stage']} -> {json.loads(body).get('stage')}")

        joined = "notifications_notification n JOIN accounts_user u ON u.id = n.recipient_id"
        notice_sql = f"SELECT count(*) FROM {joined} WHERE n.candidacy_id = {int(pk)} AND u.username = 'canbo_xa'"  # noqa: S608
        wait_for("the step's scan recording the notice to the commune staff", lambda: psql(notice_sql) != "0", 60)
        say("the worker's scan of the case recorded the notice to the commune staff member")

        def call(task: str) -> None:
            subprocess.run(  # noqa: S603
                [str(BIN / "celery"), "-A", "partycell", "call", task], cwd=ROOT, env=env, check=True,
                capture_output=True,
            )  # fmt: skip

        call("notifications.scan_reminders")
        wait_for(
            "the whole reminder scan through the broker",
            lambda: (
                psql("SELECT count(*) FROM notifications_reminderscan WHERE whole AND finished_at IS NOT NULL") != "0"
            ),
            60,
        )
        call("notifications.send_digests")

        def digest():
            for path in sorted(mail_dir.glob("*.eml")):
                message = message_from_bytes(path.read_bytes(), policy=policy.default)
                if "canbo_xa@partycell.local" in str(message["To"]):
                    return message
            return None

        message = wait_for("the digest e-mail to the commune staff", digest, 60)
        text = message.get_body(preferencelist=("plain",)).get_content()
        if seeded["person"] not in text:
            raise SmokeFailed(f"the digest does not name {seeded['person']}:\n{text}")
        say(f"digest e-mailed over SMTP: “{message['Subject']}” ({sink.connections} SMTP connection(s))")

        def healthy():
            try:
                with urllib.request.urlopen(f"{site}/healthz", timeout=5) as response:  # noqa: S310
                    return json.loads(response.read())
            except urllib.error.HTTPError:
                return None

        report = wait_for("/healthz answering 200", healthy, 30)
        say("/healthz: " + ", ".join(f"{name} {check['status']}" for name, check in report["checks"].items()))
        say("PASSED")
        return 0
    except (SmokeFailed, AssertionError, subprocess.CalledProcessError) as exc:
        print(f"SMOKE FAILED: {exc}", file=sys.stderr)
        for name, path in logs.items():
            print(f"--- {name} log (last 40 lines) ---", file=sys.stderr)
            print("\n".join(path.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        return 1
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if redis_process is not None:
            redis_process.kill()
            redis_process.wait()
        subprocess.run(  # noqa: S603
            ["psql", f"{POSTGRES}/postgres", "-tAc", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'],  # noqa: S607
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)
        say("stopped gunicorn, the worker, beat and Redis; dropped the database")


# Run by `manage.py shell`: the demo's tree, a cell with nine members, its secretary, the commune's
# staff member and one candidate taken to "introduced" by the demo's own walk (the product's services).
SEED = """
import datetime, json, random
from django.utils import timezone
from partycell.accounts.models import Role
from partycell.demo.small import _candidates, _members, _role, _tree, _user
from partycell.demo.walks import walk
from partycell.people.models import Membership
from workflows import services
from workflows.enums import MentorKind, Stage

tree = _tree()
admin = _user("admin", "Hệ thống", "Quản trị", superuser=True)
commune = tree.communes[0]
cell = next(c for c in tree.cells if c.is_residential and c.is_descendant_of(commune))
_role(_user("bithu", "Thị Lan", "Trần"), Role.CELL_SECRETARY, cell)
_role(_user("canbo_xa", "Minh Đức", "Nguyễn"), Role.GRASSROOTS_STAFF, commune)
_members(cell, 1, random.Random(14), count=9)
person = _candidates(cell, 1, random.Random(14), count=1)[0]
today = timezone.localdate()
def day(ago):
    return (today - datetime.timedelta(days=ago)).isoformat()
candidacy = walk(actor=admin, person=person, cell=cell, target=Stage.FILE_OPEN, start=today - datetime.timedelta(days=120))
services.candidacy_perform(actor=admin, candidacy=candidacy, action="history_verify", data={"verification_date": day(30)})
for member in Membership.objects.official().filter(cell=cell).select_related("person")[:2]:
    services.mentor_assign(actor=admin, candidacy=candidacy, mentor=member.person, kind=MentorKind.INTRODUCER,
                           assigned_on=today - datetime.timedelta(days=20), months_together=24)
services.candidacy_perform(actor=admin, candidacy=candidacy, action="introduction_record",
                           data={"introduction_date": day(20), "comments_date": day(10)})
candidacy.refresh_from_db()
print(json.dumps({"candidacy": candidacy.pk, "person": person.full_name, "stage": candidacy.stage,
                  "yesterday": day(1)}))
"""  # noqa: E501


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the daily digest job: 2,000 recipients, their e-mails sent over SMTP (not a test).

    .venv/bin/python benchmarks/digests.py

Uses BENCH_DATABASE_URL (default: the database partycell_h14ops, created beforehand; migrated here). Seeds once: one
cell per recipient under one commune, each recipient (a cell secretary) with three pending notices
about three candidacies of their cell. Sends through a local SMTP sink (deploy/smtp_sink.py) with
Django's SMTP backend, exactly as production does. Each run resets the notices to "not e-mailed",
then times ``notifications_send_digests()``; three runs, the median is reported. The raw SQL figure
beside it is the database's share: the claim UPDATE and the read of every claimed row with its
joins, timed with cursor.execute. The result replaces the "Daily digests" section of
docs/benchmarks.md (between its markers).
"""

import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from docs_section import replace_section  # benchmarks/ is the script's directory

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partycell_h14ops")
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "2000"))
NOTICES_EACH = 3
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- digests-benchmark:start -->", "<!-- digests-benchmark:end -->"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))


def setup(smtp_port: int) -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "partycell.settings"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.pop("REDIS_URL", None)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def seed() -> None:
    from django.contrib.auth.hashers import make_password

    from partycell.accounts.models import Role, RoleAssignment, User
    from partycell.notifications.models import Notification, RuleKind
    from partycell.organisations.models import Unit
    from partycell.people.models import Person
    from tests.factories import PersonFactory, make_unit
    from workflows.models import Candidacy

    if User.objects.filter(username__startswith="digest_bench_").count() >= RECIPIENTS:
        return
    province = Unit.objects.filter(code="DIGEST-BENCH").first() or make_unit(
        "province_committee", name="Tỉnh ủy (benchmark)", code="DIGEST-BENCH"
    )
    commune = make_unit("commune_committee", parent=province, name="Đảng ủy xã (benchmark)")
    password = make_password("benchmark")
    due = datetime.date.today() + datetime.timedelta(days=5)
    for number in range(RECIPIENTS):
        cell = make_unit("grassroots_cell", parent=commune, name=f"Chi bộ {number + 1}")
        user = User.objects.create(
            username=f"digest_bench_{number}", email=f"bithu{number}@example.vn", password=password,
            first_name="Lan", last_name="Trần Thị",
        )  # fmt: skip
        RoleAssignment.objects.create(user=user, unit=cell, role=Role.CELL_SECRETARY)
        people = Person.objects.bulk_create([PersonFactory.build(unit=cell) for _ in range(NOTICES_EACH)])
        candidacies = Candidacy.objects.bulk_create(
            [Candidacy(person=person, cell=cell, stage="verified", stage_due_on=due) for person in people]
        )
        Notification.objects.bulk_create(
            [
                Notification(recipient=user, kind=RuleKind.UPCOMING_DEADLINE, candidacy=candidacy, due_on=due,
                             lead_days=3, stage="verified")
                for candidacy in candidacies
            ]
        )  # fmt: skip


def reset() -> None:
    from partycell.notifications.models import Notification

    Notification.objects.filter(recipient__username__startswith="digest_bench_").update(
        emailed_at=None, email_claim="", email_claimed_at=None
    )
    # Nobody else's notices in this database are sent by the benchmark.
    Notification.objects.exclude(recipient__username__startswith="digest_bench_").filter(
        emailed_at__isnull=True
    ).update(emailed_at=datetime.datetime.now(datetime.UTC))


def raw_sql() -> float:
    from django.db import connection

    reset()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_notification SET email_claim = 'raw', email_claimed_at = now() "
            "WHERE emailed_at IS NULL AND email_claim = ''"
        )
        cursor.execute(
            "SELECT n.id, u.email, p.full_name, c.id, cell.name FROM notifications_notification n "
            "JOIN accounts_user u ON u.id = n.recipient_id JOIN workflows_candidacy c ON c.id = n.candidacy_id "
            "JOIN people_person p ON p.id = c.person_id JOIN organisations_unit cell ON cell.id = c.cell_id "
            "WHERE n.email_claim = 'raw' ORDER BY n.recipient_id, n.due_on, n.id"
        )
        rows = len(cursor.fetchall())
    elapsed = time.perf_counter() - started
    assert rows == RECIPIENTS * NOTICES_EACH, rows
    return elapsed


def main() -> None:
    from smtp_sink import start_in_thread

    sink = start_in_thread(0)
    setup(sink.server_address[1])
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # a fresh database works as the docstring says

    from partycell.notifications.delivery import notifications_send_digests

    seed()
    runs = []
    for _ in range(3):
        reset()
        connections_before, messages_before = sink.connections, sink.messages
        started = time.perf_counter()
        sent = notifications_send_digests()
        runs.append(
            (
                time.perf_counter() - started,
                sent,
                sink.connections - connections_before,
                sink.messages - messages_before,
            )
        )
    raw = raw_sql()
    reset()
    median = statistics.median(run[0] for run in runs)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    section = f"""{START}
## Daily digests (`benchmarks/digests.py`)

Run on {datetime.date.today():%d/%m/%Y}: {version}, Python {platform.python_version()}, {os.cpu_count()} CPUs
(load average {os.getloadavg()[0]:.1f} at the end of the run: shared with other work),
database `{DATABASE_URL.rsplit("/", 1)[1]}`. {RECIPIENTS:,} recipients
with {NOTICES_EACH} pending notices each, e-mailed with Django's SMTP backend to a local SMTP sink
(`deploy/smtp_sink.py`, a process of its own); `notifications_send_digests()` from claim to stamp.

| Measure | Figure |
| --- | ---: |
| Digest job, median of 3 runs | **{median:.1f} s** |
| Runs (s) | {", ".join(f"{run[0]:.1f}" for run in runs)} |
| E-mails sent per run (received by the sink) | {runs[0][1]:,} ({runs[0][3]:,}) |
| SMTP connections per run | {runs[0][2]} |
| Raw SQL beside it: claim UPDATE + read of every claimed row with its joins (cursor.execute) | {raw * 1000:.0f} ms |

Goal: 2,000 recipients in under 20 s: **{"met" if median < 20 else "NOT met"}**. Before this change the job
opened one SMTP connection and loaded the three templates per e-mail, and issue 14 measured 168 s for
1,755 e-mails against a real SMTP server. Now: batches of 200 people (claim, render from templates
loaded once, send over the one connection, stamp).
{END}"""
    replace_section(DOCS, section, START, END)
    print(section)


if __name__ == "__main__":
    main()

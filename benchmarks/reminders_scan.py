"""Benchmark of the reminder scan on PostgreSQL with 1,000,000 candidacies (not a test).

    .venv/bin/python benchmarks/reminders_scan.py            # seed if needed, measure, write docs
    .venv/bin/python benchmarks/reminders_scan.py --reseed   # drop the data and seed again

Uses the database ``partycell_reminders_bench`` (created if missing) unless BENCH_DATABASE_URL says
otherwise. Seeding is server-side SQL (generate_series), so the Python process stays small. Each
scan runs in a fresh subprocess, which reports its wall time and peak RSS (``ru_maxrss``) and the
peak of Python allocations measured separately with tracemalloc. The result replaces the
"Reminder scan" section of docs/benchmarks.md (between its markers) and leaves other sections alone.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from docs_section import replace_section  # benchmarks/ is the script's directory

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partycell_reminders_bench")
CANDIDACIES = int(os.environ.get("BENCH_CANDIDACIES", "1000000"))
COMMUNES, GRASSROOTS_PER_COMMUNE, CELLS_PER_GRASSROOTS = 10, 10, 20  # 2,000 cells
ON = datetime.date(2026, 6, 11)  # a Thursday: the scan date, fixed so runs compare
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- reminders-benchmark:start -->", "<!-- reminders-benchmark:end -->"


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.pop("REDIS_URL", None)
    os.environ["EMAIL_URL"] = "dummymail://"  # measure the scan, not a console full of e-mails
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- Seeding --------------------------------------------------------------------------------------------


def _filler(column: str, data_type: str) -> str:
    """A SQL value for a NOT NULL column the seed does not set explicitly."""
    if data_type in {"date"}:
        return "DATE '1998-05-17'"
    if data_type.startswith("timestamp"):
        return "now()"
    if data_type == "boolean":
        return "false"
    if data_type in {"integer", "smallint", "bigint", "numeric"}:
        return "0"
    if data_type == "jsonb":
        return "'{}'::jsonb"
    return "''"


def _insert_select(table: str, explicit: dict[str, str], source: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
            "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
            [table],
        )
        required = dict(cursor.fetchall())
    values = {column: _filler(column, data_type) for column, data_type in required.items()}
    values.update(explicit)
    columns = ", ".join(f'"{column}"' for column in values)
    return f'INSERT INTO "{table}" ({columns}) SELECT {", ".join(values.values())} FROM {source}'  # noqa: S608


def seed() -> None:
    from django.db import connection, transaction

    from partycell.accounts.models import Role, RoleAssignment, User
    from partycell.organisations.models import Unit, UnitKind
    from workflows.enums import OPEN, Stage

    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    with connection.cursor() as cursor:
        # A throwaway benchmark database: let the audit trail's append-only trigger pass this TRUNCATE.
        cursor.execute("SET partycell.audit_unlocked = 'on'")
        cursor.execute(
            "TRUNCATE notifications_notification, notifications_reminderscan, workflows_transitionlog, "
            "workflows_candidacy, people_person, accounts_roleassignment, organisations_unit CASCADE"
        )
        cursor.execute("RESET partycell.audit_unlocked")
    User.objects.filter(username__startswith="bench").delete()
    password = "!"  # noqa: S105  (an unusable password: nobody logs in as these users)
    number = 0

    def unit(kind: str, parent: Unit | None) -> Unit:
        nonlocal number
        number += 1
        instance = Unit(name=f"{kind} {number}", kind=kinds[kind], code=f"B{number:06d}")
        if parent is None:
            return Unit.objects.add_root(instance=instance)
        return Unit.objects.add_child(parent, instance=instance)

    users: list[User] = []
    roles: list[tuple[int, str, Unit]] = []
    cells: list[Unit] = []
    with transaction.atomic():
        province = unit("province_committee", None)
        for _ in range(COMMUNES):
            commune = unit("commune_committee", province)
            roles.append((len(users), Role.COMMUNE_STANDING, commune))
            users.append(User(username=f"bench-commune-{commune.pk}", email="", password=password))
            for _ in range(GRASSROOTS_PER_COMMUNE):
                grassroots = unit("grassroots_committee", commune)
                roles.append((len(users), Role.GRASSROOTS_STAFF, grassroots))
                users.append(User(username=f"bench-gr-{grassroots.pk}", email="", password=password))
                for _ in range(CELLS_PER_GRASSROOTS):
                    cell = unit("subordinate_cell", grassroots)
                    cells.append(cell)
                    roles.append((len(users), Role.CELL_SECRETARY, cell))
                    users.append(
                        User(username=f"bench-cell-{cell.pk}", email=f"bithu{cell.pk}@example.vn", password=password)
                    )
        User.objects.bulk_create(users, batch_size=2000)
        created = {user.username: user.pk for user in User.objects.filter(username__startswith="bench")}
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user_id=created[users[index].username], role=role, unit=where)
             for index, role, where in roles], batch_size=2000,
        )  # fmt: skip

    cell_ids = "ARRAY[" + ",".join(str(cell.pk) for cell in cells) + "]::bigint[]"
    open_stages = sorted(OPEN)
    # Stages without a legal deadline carry no due date (like the engine's SOURCE and SYMPATHISER).
    dated = sorted(OPEN - {Stage.SOURCE, Stage.SYMPATHISER})
    stage_array = "ARRAY[" + ",".join(f"'{stage}'" for stage in open_stages) + "]"
    dated_array = "ARRAY[" + ",".join(f"'{stage}'" for stage in dated) + "]"
    n = CANDIDACIES
    on = f"DATE '{ON.isoformat()}'"
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(_insert_select("people_person", {
            "id": "g", "full_name": "'Nguyễn Văn ' || g", "citizen_id": "lpad(g::text, 12, '0')",
            "unit_id": f"({cell_ids})[1 + g % {len(cells)}]",
        }, f"generate_series(1, {n}) AS g"))  # fmt: skip
        # Due dates spread from 30 days late to 370 days ahead; idle spells up to 8 months.
        cursor.execute(_insert_select("workflows_candidacy", {
            "id": "g", "person_id": "g", "cell_id": f"({cell_ids})[1 + g % {len(cells)}]",
            "stage": f"({stage_array})[1 + g % {len(open_stages)}]",
            "stage_due_on": f"CASE WHEN ({stage_array})[1 + g % {len(open_stages)}] = ANY({dated_array}) "
                            f"THEN {on} + ((g::bigint * 7919) % 400 - 30)::int END",
            "probation_ends_on": f"CASE WHEN ({stage_array})[1 + g % {len(open_stages)}] = 'probationary' "
                                 f"THEN {on} + (g % 365) END",
            "stage_entered_at": f"{on}::timestamptz - make_interval(days => (g * 31) % 240)",
            "created_at": f"{on}::timestamptz - make_interval(days => (g * 31) % 240)",
            "updated_at": f"{on}::timestamptz - make_interval(days => (g * 31) % 240)",
            "attempt": "1",
        }, f"generate_series(1, {n}) AS g"))  # fmt: skip
        # The audit trail's file-opening rows, which the stale-file rule reads.
        cursor.execute(_insert_select("workflows_transitionlog", {
            "candidacy_id": "c.id", "action": "'file_open'", "from_stage": "'class_done'", "to_stage": "'file_open'",
            "occurred_at": "c.stage_entered_at", "event_date": f"{on} - ((c.id * 37) % 400)::int",
            "cell_id": "c.cell_id",
        }, "workflows_candidacy c WHERE c.stage IN ('file_open', 'verified', 'introduced')"))  # fmt: skip
        # ... and the date stored on the case, as the services keep it (workflows.case_dates).
        cursor.execute(
            "UPDATE workflows_candidacy c SET file_opened_on = t.event_date FROM workflows_transitionlog t "
            "WHERE t.candidacy_id = c.id AND t.to_stage = 'file_open'"
        )
        for table in ("people_person", "workflows_candidacy", "workflows_transitionlog"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
            cursor.execute(f"ANALYZE {table}")
        print(f"seeded {n:,} candidacies in {time.perf_counter() - started:.1f} s", flush=True)


# --- Measuring --------------------------------------------------------------------------------------------


def measure_scan(trace: bool, on: datetime.date = ON) -> dict:
    """Run one scan on ``on`` in this (fresh) process and report its figures."""
    import tracemalloc

    from partycell.notifications.reminders import reminders_scan

    if trace:
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = reminders_scan(on=on)
    seconds = time.perf_counter() - started
    figures = {
        "seconds": round(seconds, 2),
        "due_items": result.due_items,
        "notices_created": result.notices_created,
        "rss_before_mb": round(rss_before / 1024, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if trace:
        figures["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return figures


def raw_due_sql(on: datetime.date) -> tuple[str, list]:
    """The bare SQL finding the items that became due on ``on`` and were not notified yet, rule by rule (the
    rules and lead times the scan reads), anti-joined on the notice table. No step was recorded in the last
    week in this database, so that rule has no part."""
    from django.conf import settings

    from partycell.notifications.models import ReminderRule, RuleKind
    from partycell.notifications.reminders import (
        CERTIFICATE_STAGES,
        FILE_STAGES,
        IDLE_STAGES,
        _certificate_months,
        _freshness_rules,
        _overdue_bounds,
        _upcoming_bounds,
    )
    from partycell.rulebook.calendar import add_months
    from partycell.rulebook.selectors import rule_values
    from workflows.case_dates import document_key
    from workflows.enums import OPEN, PROBATION, FormCode

    rules = {rule.kind: rule for rule in ReminderRule.objects.filter(is_active=True)}
    parts: list[str] = []
    LOCAL = settings.TIME_ZONE  # noqa: N806 - dates are the local calendar's, as TruncDate gives them

    def day(value: datetime.date) -> str:
        return f"DATE '{value.isoformat()}'"

    def stages(values: frozenset) -> str:
        return "(" + ", ".join(f"'{stage}'" for stage in sorted(values)) + ")"

    def lead(due: str, bounds: list[tuple[int, datetime.date]]) -> str:
        """The lead band the due date falls in, first matching bound wins (as ``_lead_case``)."""
        return "CASE " + " ".join(f"WHEN {due} <= {day(bound)} THEN {band}" for band, bound in bounds) + " END"

    def add(kind: str, due: str, where: str, bounds: list[tuple[int, datetime.date]] | None) -> None:
        band = lead(due, bounds) if bounds else "0"
        notices = "SELECT 1 FROM notifications_notification n WHERE n.candidacy_id = c.id"
        notified = f"{notices} AND n.kind = '{kind}' AND n.due_on = {due} AND n.lead_days = {band}"
        rows = f"SELECT c.id, u.path, c.stage, {due} AS due_on, {band} AS lead FROM workflows_candidacy c"  # noqa: S608
        parts.append(f"{rows} JOIN organisations_unit u ON u.id = c.cell_id WHERE {where} AND NOT EXISTS ({notified})")

    def upcoming(kind: str) -> list[tuple[int, datetime.date]]:
        return _upcoming_bounds(on, rules[kind].lead_days)

    if RuleKind.UPCOMING_DEADLINE in rules:
        bounds = upcoming(RuleKind.UPCOMING_DEADLINE)
        add(RuleKind.UPCOMING_DEADLINE, "c.stage_due_on",
            f"c.stage IN {stages(OPEN)} AND c.stage_due_on BETWEEN {day(on)} AND {day(bounds[-1][1])}",
            bounds)  # fmt: skip
    if RuleKind.OVERDUE in rules:
        bounds = _overdue_bounds(on, rules[RuleKind.OVERDUE].lead_days)
        add(RuleKind.OVERDUE, "c.stage_due_on",
            f"c.stage IN {stages(OPEN)} AND c.stage_due_on < {day(on)} AND c.stage_due_on <= {day(bounds[-1][1])}",
            bounds)  # fmt: skip
    if RuleKind.PROBATION_ENDING in rules:
        bounds = upcoming(RuleKind.PROBATION_ENDING)
        add(RuleKind.PROBATION_ENDING, "c.probation_ends_on",
            f"c.stage IN {stages(PROBATION)} AND c.probation_ends_on BETWEEN {day(on)} AND {day(bounds[-1][1])}",
            bounds)  # fmt: skip
    if RuleKind.NO_MOVEMENT in rules:
        idle_since = add_months(on, -(rules[RuleKind.NO_MOVEMENT].months or 0))
        moved = f"(c.updated_at AT TIME ZONE '{LOCAL}')::date"
        add(RuleKind.NO_MOVEMENT, moved, f"c.stage IN {stages(IDLE_STAGES)} AND {moved} <= {day(idle_since)}", None)
    # The stale-document rules as the scan states them: the validity of each form from the catalogue and the
    # rulebook, the newest copy of each form and the trail's dates stored on the case (workflows.case_dates).
    entered = f"(c.stage_entered_at AT TIME ZONE '{LOCAL}')::date"

    def issued(code: str) -> str:
        return f"(c.newest_documents->>'{document_key(code)}')::date"

    def plus(start: str, months: int, day_after: bool) -> str:
        after = " + interval '1 day'" if day_after else ""
        return f"({start} + interval '{months} months'{after})::date"

    if RuleKind.STALE_FILE in rules and (validity := _freshness_rules(on)):
        values = rule_values(set(validity.values()), on=on)
        months = {code: int(values[rule_id]) for code, rule_id in validity.items()}
        newest = ", ".join(plus(issued(code), months[code], True) for code in sorted(months))
        opened = f"COALESCE(c.file_opened_on, {entered})"
        stale = f"COALESCE(LEAST({newest}), {plus(opened, min(months.values()), True)})"
        bounds = upcoming(RuleKind.STALE_FILE)
        add(RuleKind.STALE_FILE, stale,
            f"c.stage IN {stages(FILE_STAGES)} AND {stale} BETWEEN {day(on)} AND {day(bounds[-1][1])}",
            bounds)  # fmt: skip
    if RuleKind.STALE_CERTIFICATE in rules and (certificate := _certificate_months(on)) is not None:
        bounds = upcoming(RuleKind.STALE_CERTIFICATE)
        started = f"COALESCE({issued(FormCode.AWARENESS_CERTIFICATE)}, c.class_done_on, {entered})"
        stale = plus(started, certificate, False)
        add(RuleKind.STALE_CERTIFICATE, stale,
            f"c.stage IN {stages(CERTIFICATE_STAGES)} AND {stale} BETWEEN {day(on)} AND {day(bounds[-1][1])}",
            bounds)  # fmt: skip
    params: list = []
    return "\nUNION ALL\n".join(parts), params


def raw_due_query(on: datetime.date) -> dict:
    """Time the bare SQL that finds the newly due items, fetched to the client."""
    from django.db import connection

    sql, params = raw_due_sql(on)
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = len(cursor.fetchall())
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "rows": rows, "sql": sql}


def run_child(*args: str) -> dict:
    output = subprocess.run(  # noqa: S603
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# The daily scans after the first one: Friday, Monday, Tuesday (three, since the machine is shared).
DAYS = [ON + datetime.timedelta(days=1), ON + datetime.timedelta(days=4), ON + datetime.timedelta(days=5)]


def _row(label: str, run: dict) -> str:
    return (
        f"| {label} | {run['seconds']} s | {run['peak_rss_mb']} MB | {run['due_items']:,} "
        f"| {run['notices_created']:,} |"
    )


def write_docs(report: dict) -> None:
    first, again, days = report["first"], report["again"], report["days"]
    ratios = sorted(day["daily"]["seconds"] / day["raw"]["seconds"] for day in days)
    ratio = ratios[len(ratios) // 2]

    def met(ok: bool) -> str:
        return "**met**" if ok else "**NOT met**"

    peak = max(run["peak_rss_mb"] for run in [first, again, *(day["daily"] for day in days)])
    lines = []
    for day in days:
        raw = day["raw"]
        lines.append(_row(f"Daily scan {day['on']}", day["daily"]))
        lines.append(f"| Raw SQL finding the items newly due on {day['on']} (as below), fetched | {raw['seconds']} s "
                     f"| | {raw['rows']:,} rows | |")  # fmt: skip
    daily_rows = "\n".join(lines)
    load = ""
    if "load" in report:
        start, end = report["load"]
        load = f" (load average over one minute: {start} when the first scan started, {end} after the last)"
    section = f"""{START}
## Reminder scan (`benchmarks/reminders_scan.py`)

Measured {report["date"]} on {report["machine"]}, PostgreSQL {report["postgres"]}, database
`{report["database"]}`: {report["candidacies"]:,} open candidacies in 2,000 cells (one secretary
each) under 100 grassroots and 10 commune committees (one staff member each). Due dates run from 30
days late to 370 days ahead; stages without a legal deadline have none; idle spells up to 8 months;
file-opening rows in the audit trail for the file stages (and their date stored on the case, as the
services keep it); no documents, no targets. Every seeded rule active. The machine is shared with
other jobs (2 cores), so times are upper bounds{load}.

| Run | Wall time | Peak RSS | Due items | Notices inserted |
| --- | ---: | ---: | ---: | ---: |
{_row(f"First scan, {ON:%d/%m/%Y} (empty notice table: the whole backlog)", first)}
{daily_rows}
{_row("The last day again (nothing new)", again)}

Goals (issue 15): the daily scan at most 3x the raw query that finds the newly due items: {ratio:.1f}x
(median of the three days; {ratios[0]:.1f}x to {ratios[-1]:.1f}x), {met(ratio <= 3)}; the first scan under
30 s: {met(first["seconds"] < 30)}; memory under 500 MB: peak {peak} MB, {met(peak < 500)}. Peak RSS is the
whole process (Django included; {first["rss_before_mb"]} MB before the scan started). The daily scan's due
items are the new ones only: every rule skips what it already notified with an anti-join in SQL (the
stale-document dates too are computed per row in SQL, `AddMonths`, held equal to the Civil Code's
`add_months` by a test on each database), and the stale-document rules read the dates stored on the case
(`workflows.case_dates`). Each rule's query runs on a plain cursor (PostgreSQL runs no cursor's query in
parallel; the raw query uses parallel workers), without JIT. The scan's own work beyond the raw query: the
role holders loaded once, the scan row, the monthly unit-level rules' anti-joins, a count of the notices
it inserted, the notices themselves (2,000 a statement, `ON CONFLICT DO NOTHING`, four indexes and the
foreign-key checks each), and each scan process's first use of the holiday calendar (importing the
`holidays` package's countries). The virtual environment holds compiled bytecode, as a deployment does.

Raw SQL for {days[0]["on"]} (the stages, dates and lead bands written out as the scan computes them that day):

```sql
{days[0]["raw"]["sql"]}
```
{END}"""
    replace_section(DOCS, section, START, END)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--measure", choices=["plain", "raw"])
    parser.add_argument("--on", type=datetime.date.fromisoformat, default=ON)
    parser.add_argument("--write-docs", metavar="REPORT_JSON", help="Only rewrite the docs section from a report.")
    args = parser.parse_args()
    if args.write_docs:
        write_docs(json.loads(Path(args.write_docs).read_text()))
        return
    if args.measure:
        setup_django()
        figures = raw_due_query(args.on) if args.measure == "raw" else measure_scan(trace=False, on=args.on)
        print(json.dumps(figures))
        return

    create_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from workflows.models import Candidacy

    call_command("migrate", verbosity=0)
    if args.reseed or Candidacy.objects.count() != CANDIDACIES:
        seed()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_notification, notifications_reminderscan")
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    connection.close()
    load_at_start = os.getloadavg()[0]
    report = {"first": run_child("--measure", "plain", "--on", ON.isoformat())}
    report["days"] = []
    for day in DAYS:
        raw = run_child("--measure", "raw", "--on", day.isoformat())  # before the scan inserts that day's notices
        daily = run_child("--measure", "plain", "--on", day.isoformat())
        report["days"].append({"on": f"{day:%d/%m/%Y}", "raw": raw, "daily": daily})
    report["again"] = run_child("--measure", "plain", "--on", DAYS[-1].isoformat())
    report.update(
        load=[round(load_at_start, 1), round(os.getloadavg()[0], 1)],
        date=datetime.date.today().strftime("%d/%m/%Y"), candidacies=CANDIDACIES, postgres=postgres,
        database=DATABASE_URL.rsplit("/", 1)[1],
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
    )  # fmt: skip
    print(json.dumps(report, indent=2))
    Path(ROOT / ".bench-reminders.json").write_text(json.dumps(report, indent=2))
    write_docs(report)


if __name__ == "__main__":
    main()

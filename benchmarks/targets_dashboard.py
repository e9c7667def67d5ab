"""Benchmark of the targets audit dashboard on a province-size tree (PostgreSQL). Not a unit test.

Usage (from the repository root):

    .venv/bin/python benchmarks/targets_dashboard.py [--candidacies 200000] [--runs 5]

1. Creates the database ``partycell_targets_bench`` if needed and migrates it.
2. Reuses the data already there, or generates it with ``seed_demo --scale`` (bulk inserts): a
   province with every commune, >= 3,000 units, >= 200,000 candidacies and their audit rows.
3. Sets a yearly target on the province and allocates it to the communes.
4. Times the dashboard page through the Django test client (server time, queries counted) and,
   side by side, the raw SQL of its main aggregate (achievement by child unit) and of the other
   grouped queries, with EXPLAIN ANALYZE's execution time.
5. Writes the results between the ``targets`` markers of docs/benchmarks.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from docs_section import replace_section  # benchmarks/ is the script's directory

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "partycell_targets_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
START, END = "<!-- targets-dashboard:start -->", "<!-- targets-dashboard:end -->"


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_data(candidacies: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from workflows.models import Candidacy

    have = Candidacy.objects.count()
    if have >= candidacies:
        print(f"Reusing {have:,} candidacies.")
    else:
        call_command("seed_demo", scale=candidacies - have, seed=7)
    # Bulk inserts leave the planner without statistics (it then picks nested loops and takes
    # seconds); a production database has them from autovacuum, so measure with them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fixture():
    """The province root, this year's period, its target allocated to communes, and an auditor."""
    from django.utils import timezone

    from partycell.accounts.models import Role, RoleAssignment, User
    from partycell.organisations.models import Unit
    from partycell.targets.enums import Basis, Dimension, PeriodKind, TargetKind
    from partycell.targets.models import Period
    from partycell.targets.services import allocation_proposal, target_set, targets_allocate

    root = Unit.objects.filter(depth=1).order_by("-numchild").first()
    today = timezone.localdate()
    period, _ = Period.objects.get_or_create(
        kind=PeriodKind.YEAR, starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31),
        defaults={"name": str(today.year)},
    )  # fmt: skip
    auditor, _ = User.objects.get_or_create(username="bench_auditor")
    RoleAssignment.objects.get_or_create(user=auditor, unit=root, role=Role.BOARD_STAFF)
    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"is_superuser": True})
    target = target_set(unit=root, period=period, kind=TargetKind.ADMISSIONS, dimension=Dimension.TOTAL,
                        basis=Basis.ABSOLUTE, number=6000, actor=admin, reason="benchmark")  # fmt: skip
    children = list(Unit.objects.get_children(root))
    targets_allocate(target=target, amounts=allocation_proposal(target=target, children=children), actor=admin,
                     reason="benchmark")  # fmt: skip
    return root, period, auditor


def _time(function, runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), samples


def _explain_ms(sql: str, params) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return float(cursor.fetchone()[0][0]["Execution Time"])


def _raw(sql: str, params, runs: int) -> tuple[float, float]:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    run()  # warm the cache
    return _time(run, runs)[0], _explain_ms(sql, params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidacies", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Markdown file to update.")
    args = parser.parse_args()
    _setup()
    _ensure_data(args.candidacies)

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from partycell.organisations.models import Unit
    from partycell.targets.selectors.achievement import achieved_by_child, achievement_counts
    from partycell.targets.selectors.pipeline import funnel_counts, overdue_counts, stay_histogram_sql
    from workflows.models import Candidacy, TransitionLog

    setup_test_environment()
    root, period, auditor = _fixture()
    client = Client()
    client.force_login(auditor)
    url = reverse("targets:unit", args=[root.pk]) + f"?period={period.pk}&kind=admissions"
    assert client.get(url).status_code == 200  # warm-up
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    page_ms, page_samples = _time(lambda: client.get(url), args.runs)
    commune = Unit.objects.get_children(root).first()
    commune_url = reverse("targets:unit", args=[commune.pk]) + f"?period={period.pk}"
    client.get(commune_url)
    commune_ms, _ = _time(lambda: client.get(commune_url), args.runs)
    export_ms, _ = _time(lambda: client.get(reverse("targets:unit-export", args=[root.pk]) + f"?period={period.pk}"),
                         max(1, args.runs // 2))  # fmt: skip

    # The page's grouped reads, exactly as the selectors build them.
    main_sql, main_params = achievement_counts(unit=root, period=period, kind="admissions").query.sql_with_params()
    overdue_sql, overdue_params = overdue_counts(unit=root, today=timezone.localdate()).query.sql_with_params()
    funnel_sql, funnel_params = funnel_counts(unit=root).query.sql_with_params()
    stay_sql, stay_params = stay_histogram_sql(unit=root, period=period)
    rows = [
        ("Achievement by child unit, every dimension (main aggregate)", *_raw(main_sql, main_params, args.runs)),
        ("Overdue steps by child unit", *_raw(overdue_sql, overdue_params, args.runs)),
        ("Funnel: open candidacies by stage", *_raw(funnel_sql, funnel_params, args.runs)),
        ("Median days per stage (window function)", *_raw(stay_sql, stay_params, args.runs)),
    ]

    facts = {
        "units": Unit.objects.filter(path__startswith=root.path).count(),
        "children": root.numchild,
        "candidacies": Candidacy.objects.filter(cell__path__startswith=root.path).count(),
        "transitions": TransitionLog.objects.filter(cell__path__startswith=root.path).count(),
        "admissions": sum(v["total"] for v in achieved_by_child(unit=root, period=period, kind="admissions").values()),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(",")[0]
    report = _report(facts, period, len(executed), page_ms, page_samples, commune_ms, export_ms, rows, pg_version)
    print(report)
    replace_section(args.docs, report, START, END)


def _report(facts, period, queries, page_ms, samples, commune_ms, export_ms, rows, pg_version) -> str:
    lines = [
        START,
        "## Targets audit dashboard (`benchmarks/targets_dashboard.py`)",
        "",
        f"Run on {time.strftime('%Y-%m-%d')}: {pg_version}, Python {platform.python_version()}, "
        f"{platform.machine()}; database `{DATABASE}`, data from `seed_demo --scale`.",
        "",
        f"Tree: the province root with {facts['children']:,} communes, {facts['units']:,} units in all, "
        f"{facts['candidacies']:,} candidacies, {facts['transitions']:,} transition-log rows; "
        f"{facts['admissions']:,} admissions in period {period}.",
        "",
        "| Measure | Median (ms) |",
        "| --- | ---: |",
        f"| Dashboard page, province root, server time via the test client ({queries} SQL queries) | {page_ms:,.0f} |",
        f"| Dashboard page, one commune | {commune_ms:,.0f} |",
        f"| Excel export, province root | {export_ms:,.0f} |",
        "",
        "Raw SQL of the page's grouped reads, same parameters (cursor.execute + fetchall, warm cache; "
        "EXPLAIN ANALYZE execution time alongside):",
        "",
        "| Query | cursor.execute (ms) | EXPLAIN ANALYZE (ms) |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {wall:,.0f} | {explain:,.0f} |" for name, wall, explain in rows],
        "",
        f"Page samples (ms): {', '.join(f'{s:,.0f}' for s in samples)}. The query count is the same for a "
        "tree of any size (tests/targets/test_views.py checks it with 1 and 3 child units).",
        END,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

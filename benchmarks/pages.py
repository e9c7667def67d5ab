"""Benchmark of every page a user opens, against the raw SQL of the same result (PostgreSQL). Not a unit test.

Usage (from the repository root):

    .venv/bin/python benchmarks/pages.py [--candidacies 200000] [--runs 5]

1. Creates the database ``partycell_bench_pages`` if needed and migrates it.
2. Reuses the data already there, or generates it with ``seed_demo --scale`` (a province with every
   commune, >= 3,000 units) and runs ANALYZE.
3. Gives a provincial auditor, the staff of the commune with the most candidacies and the secretary of
   its largest cell their roles, and this year's period.
4. For each role and each page it opens (dashboard and compliance at province, commune and cell, the
   candidate list plain / by unit / by name without diacritics, the unit and mentor pickers, the
   candidate page, the to-do, the people list, the API lists): times the page through the Django test
   client (median of ``--runs``), records the SQL it ran, and times that SQL alone (the reads,
   ``cursor.execute`` + ``fetchall``, same parameters, median of ``--runs``): what the database needs
   to produce the same result.
5. Writes the results between the ``pages-benchmark`` markers of docs/benchmarks.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "partycell_bench_pages"
SERVER = "postgres://postgres@127.0.0.1:5432"
START, END = "<!-- pages-benchmark:start -->", "<!-- pages-benchmark:end -->"
GOAL = 2.0  # issue 15: every page at most twice the raw SQL of what it shows
SMALL_MS = 50  # pages this fast are reported apart: a fixed cost, not a cost of the data


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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fixture() -> dict[str, Any]:
    """The province root, its busiest commune and cell, a case there, this year's period, three users."""
    from django.db.models import Count
    from django.utils import timezone

    from partycell.accounts.models import Role, RoleAssignment, User
    from partycell.organisations.models import Unit
    from partycell.targets.enums import PeriodKind
    from partycell.targets.models import Period
    from workflows.enums import Stage
    from workflows.models import Candidacy

    root = Unit.objects.filter(depth=1).order_by("-numchild").first()
    assert root is not None, "no tree: run seed_demo --scale"
    busiest = (
        Candidacy.objects.filter(cell__path__startswith=root.path)
        .values("cell")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    cell = Unit.objects.get(pk=busiest["cell"])
    commune = Unit.objects.get(path=cell.path[: 2 * Unit.steplen])
    case = (
        Candidacy.objects.filter(cell=cell, stage=Stage.PROBATIONARY).first()
        or Candidacy.objects.filter(cell=cell).first()
    )
    today = timezone.localdate()
    period, _ = Period.objects.get_or_create(
        kind=PeriodKind.YEAR, starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31),
        defaults={"name": str(today.year)},
    )  # fmt: skip
    users = {}
    for name, role, unit in (
        ("auditor", Role.BOARD_STAFF, root),
        ("commune_staff", Role.GRASSROOTS_STAFF, commune),
        ("secretary", Role.CELL_SECRETARY, cell),
    ):
        user, _ = User.objects.get_or_create(username=f"bench_pages_{name}")
        RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
        users[name] = user
    searched = " ".join(case.person.search_name.split()[-2:])  # "ngoc huong": two words of a real name
    return {"root": root, "commune": commune, "cell": cell, "case": case, "period": period, "users": users,
            "searched": searched}  # fmt: skip


LEVELS = {"auditor": ["province", "commune", "cell"], "commune_staff": ["commune", "cell"], "secretary": ["cell"]}


def _pages(fx: dict[str, Any], role: str) -> list[tuple[str, str]]:
    from urllib.parse import quote_plus

    from django.urls import reverse

    units = {"province": fx["root"], "commune": fx["commune"], "cell": fx["cell"]}
    period, case = fx["period"].pk, fx["case"].pk
    pages = []
    for level in LEVELS[role]:
        pages.append((f"dashboard {level}", f"{reverse('targets:unit', args=[units[level].pk])}?period={period}"))
        pages.append(
            (f"compliance {level}", f"{reverse('targets:compliance', args=[units[level].pk])}?period={period}")
        )
    top = units[LEVELS[role][0]]
    search = quote_plus(fx["searched"])
    pages += [
        ("candidate list", reverse("candidacy-list")),
        ("candidate list by unit", f"{reverse('candidacy-list')}?unit={top.pk}"),
        (f"candidate list by name ({fx['searched']})", f"{reverse('candidacy-list')}?q={search}"),
        ("candidate page", reverse("candidacy-detail", args=[case])),
        ("to-do", reverse("todo")),
        ("people list", reverse("person-list")),
        ("API candidacies", reverse("api-candidacy-list")),
        ("API candidacies by unit", f"{reverse('api-candidacy-list')}?unit={top.pk}"),
        ("API people", reverse("api-person-list")),
        ("API people by name", f"{reverse('api-person-list')}?q={search}"),
        ("unit picker by name (phuong)", f"{reverse('picker', args=['unit'])}?unit_q=phuong"),
        (f"mentor picker by name ({fx['searched']})", f"{reverse('picker', args=['mentor'])}?mentor_q={search}"),
        ("API case history", reverse("api-candidacy-history", args=[case])),
        ("API case documents", reverse("api-candidacy-documents", args=[case])),
        ("API case mentors", reverse("api-candidacy-mentors", args=[case])),
    ]
    return pages


def _median_ms(function: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _measure(client: Any, url: str, runs: int) -> tuple[int, float, float, int]:
    """(status, page median ms, raw SQL median ms, queries) for one page."""
    from django.core.cache import cache
    from django.db import connection

    def get() -> Any:
        cache.clear()  # API throttles count in the cache
        return client.get(url)

    status = get().status_code  # warm-up
    reads: list[tuple[str, Any]] = []
    executed = 0

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal executed
        executed += 1
        if sql.lstrip().upper().startswith("SELECT"):
            reads.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        get()
    page_ms = _median_ms(get, runs)

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                cursor.fetchall()

    replay()
    return status, page_ms, _median_ms(replay, runs), executed


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

    from partycell.organisations.models import Unit
    from workflows.models import Candidacy

    setup_test_environment()
    fx = _fixture()
    rows = []
    for role in LEVELS:
        client = Client(headers={"Accept-Language": "vi"})
        client.force_login(fx["users"][role])
        for name, url in _pages(fx, role):
            status, page_ms, raw_ms, queries = _measure(client, url, args.runs)
            rows.append((role, name, status, queries, page_ms, raw_ms))
            print(f"{role:14} {name:45} {status} {queries:3}q page {page_ms:8.1f} ms raw {raw_ms:8.1f} ms")
    root = fx["root"]
    facts = {
        "units": Unit.objects.filter(path__startswith=root.path).count(),
        "candidacies": Candidacy.objects.filter(cell__path__startswith=root.path).count(),
        "commune_units": Unit.objects.filter(path__startswith=fx["commune"].path).count(),
        "commune_candidacies": Candidacy.objects.filter(cell__path__startswith=fx["commune"].path).count(),
        "cell_candidacies": Candidacy.objects.filter(cell=fx["cell"]).count(),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(",")[0]
    report = _report(facts, rows, pg_version, args.runs)
    print(report)
    _write(report, args.docs)


def _report(facts: dict[str, int], rows: list[tuple], pg_version: str, runs: int) -> str:
    met = [row for row in rows if row[5] and row[4] / row[5] <= GOAL]
    table = [
        f"| {role} | {name} | {queries} | {page:,.0f} | {raw:,.0f} | {page / raw if raw else 0:,.1f}x | "
        f"{'met' if raw and page / raw <= GOAL else '**not met**'} |"
        for role, name, _status, queries, page, raw in rows
    ]
    lines = [
        START,
        "## Pages against their raw SQL (`benchmarks/pages.py`)",
        "",
        f"Run on {time.strftime('%Y-%m-%d')}: {pg_version}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs shared with other work; database `{DATABASE}`, "
        "data from `seed_demo --scale`, ANALYZEd.",
        "",
        f"Tree: a province of {facts['units']:,} units and {facts['candidacies']:,} candidacies; the commune "
        f"measured has {facts['commune_units']:,} units and {facts['commune_candidacies']:,} candidacies, its "
        f"cell {facts['cell_candidacies']:,}. Roles: a provincial auditor (board staff at the province), the "
        "commune's staff, the cell's secretary.",
        "",
        f"Page: server time through the Django test client, median of {runs} (each after a warm-up). Raw SQL: "
        "the reads that page ran, replayed alone with the same parameters (cursor.execute + fetchall), median "
        f"of {runs}: the database's share of the same result. Goal (issue 15): page at most {GOAL:.0f}x its raw SQL.",
        "",
        "| Role | Page | Queries | Page (ms) | Raw SQL (ms) | Ratio | Goal |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        *table,
        "",
        f"Goal met on {len(met)} of {len(rows)} pages; not met on {len(rows) - len(met)}, of which "
        f"{sum(1 for row in rows if row[4] < SMALL_MS and row not in met)} take under {SMALL_MS} ms in all: "
        "their SQL takes a few milliseconds and the page's fixed cost (session, scope, rendering the layout) "
        "is the rest. The query counts do not depend on the tree's size (tests/pages/test_query_counts.py "
        "opens every page on a small and a grown tree).",
        "",
        "Before this work (issue 15, same data size): the province's compliance audit ran 753 queries in "
        "3,254 ms; the auditor's candidate list took 501 ms, 78-87% of it rendering a 3,529-option unit "
        "drop-down (now a picker: at most 20 choices on demand); the name search scanned the people table "
        "(now a pg_trgm index on the folded name).",
        END,
    ]
    return "\n".join(lines)


def _write(section: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

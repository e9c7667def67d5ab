"""Benchmark of ``manage.py seed_demo --scale N --national`` on PostgreSQL (not a test).

    .venv/bin/python benchmarks/seed_national.py --scale 200000 [--scale 1000000]

Each scale is seeded into a fresh database (``partycell_bench_seed_<N>``, dropped and created again,
migrated) by the management command in a child process, timed from outside (wall time, the child's
peak RSS). Figures per scale are kept in ``.bench-seed.json`` so that runs at several scales add up;
the section "Seeding a national root" of docs/benchmarks.md is rewritten from them.
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
SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
DOCS = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / ".bench-seed.json"
START, END = "<!-- seed-benchmark:start -->", "<!-- seed-benchmark:end -->"
GOAL_MINUTES = 15  # 1,000,000 candidacies and a roll of 5,500,000 on a 2-core machine


def _sql(database: str, statement: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def measure(scale: int) -> dict:
    database = f"partycell_bench_seed_{scale}"
    _sql("postgres", f'DROP DATABASE IF EXISTS "{database}"')
    _sql("postgres", f'CREATE DATABASE "{database}"')
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "EMAIL_URL": "dummymail://"}
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [*manage, "seed_demo", "--scale", str(scale), "--national"], check=True, env=env, cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    counts = dict(
        _sql(
            database,
            "SELECT 'units', count(*) FROM organisations_unit UNION ALL SELECT 'people', count(*) FROM "
            "people_person UNION ALL SELECT 'members', count(*) FROM people_membership UNION ALL SELECT "
            "'candidacies', count(*) FROM workflows_candidacy UNION ALL SELECT 'audit rows', count(*) FROM "
            "workflows_transitionlog",
        )  # fmt: skip
    )
    size = _sql(database, f"SELECT pg_size_pretty(pg_database_size('{database}'))")[0][0]
    version = _sql(database, "SHOW server_version")[0][0].split()[0]
    return {
        "scale": scale, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb), "counts": counts,
        "size": size, "postgres": version, "output": done.stdout.strip().splitlines()[-1],
        "date": datetime.date.today().strftime("%d/%m/%Y"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
    }  # fmt: skip


def write_docs(results: dict[str, dict]) -> None:
    runs = sorted(results.values(), key=lambda run: run["scale"])
    rows = "\n".join(
        f"| {run['scale']:,} | {run['counts']['units']:,} | {run['counts']['members']:,} | {run['counts']['people']:,} "
        f"| {run['counts']['audit rows']:,} | {run['seconds'] / 60:.1f} min | {run['peak_rss_mb']} MB | {run['size']} "
        f"| {run['date']} |"
        for run in runs
    )
    largest = runs[-1]
    per_million = largest["seconds"] / largest["scale"] * 1_000_000 / 60
    if largest["scale"] >= 1_000_000:
        verdict = f"measured at 1,000,000: {largest['seconds'] / 60:.1f} min, goal {GOAL_MINUTES} min: " + (
            "**met**" if largest["seconds"] / 60 < GOAL_MINUTES else "**NOT met**"
        )
    else:
        verdict = (
            f"not run at 1,000,000 (time); extrapolated linearly from {largest['scale']:,}: about "
            f"{per_million:.1f} min for 1,000,000, goal {GOAL_MINUTES} min: "
            + ("**met (extrapolated)**" if per_million < GOAL_MINUTES else "**NOT met (extrapolated)**")
        )
    section = f"""{START}
## Seeding a national root (`benchmarks/seed_national.py`)

`manage.py seed_demo --scale N --national`: a national root over the 34 provinces and all their real
communes (3,321; 25 cells each, 2 grassroots committees per commune), N candidacies over the happy path
with their audit rows, and a membership roll of 5.5 members per candidacy (the probationary and official
members the candidacies became, then long-standing official members). Rows go in with `COPY` (psycopg 3)
and ids given by the seeder; the secondary indexes of the people, roll, candidacy and audit tables are
dropped before loading and built again after it, then `ANALYZE`. Each scale into a fresh, migrated
database, on {largest["machine"]}, PostgreSQL {largest["postgres"]}, machine shared with other jobs.

| Candidacies | Units | Members on the roll | People | Audit rows | Wall time | Peak RSS | Database | Date |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
{rows}

Goal: 1,000,000 candidacies and a roll of 5,500,000 in under {GOAL_MINUTES} minutes; {verdict}. The time is
spent mostly in Python building the rows (names, search keys, dates); the database side is `COPY` and
the index builds. No raw-SQL partner here: the seeder is itself the bulk path. Before this work (issue 15):
about 24 minutes projected for 1,000,000 candidacies with `bulk_create`, one province, no roll.
{END}"""
    replace_section(DOCS, section, START, END)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, action="append", default=[])
    parser.add_argument("--write-docs", action="store_true", help="Only rewrite the section from .bench-seed.json.")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for scale in args.scale:
        results[str(scale)] = measure(scale)
        print(json.dumps(results[str(scale)], indent=2), flush=True)
        RESULTS.write_text(json.dumps(results, indent=2))
    if results:
        write_docs(results)


if __name__ == "__main__":
    main()

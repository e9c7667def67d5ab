"""Benchmark of a simple step through the services against the same writes in raw SQL (not a test).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/partycell_bench_engine \
        .venv/bin/python benchmarks/transitions.py [--steps 1000]

Needs a database seeded by ``manage.py seed_demo --scale N --national`` (or any ``--scale``): it takes
candidacies at the source stage, in two samples of the same kind (same stage, cells drawn alike):

- through the services: ``candidacy_perform(sympathiser_add)`` per case, each in its own transaction
  (what a step page's POST runs once its view has loaded the case and asked the gate, so the actor's
  roles are read once); the reminder scan queued on commit is replaced by a no-op, as it is work
  after the step (Celery's, not the request's);
- raw: the same writes by hand, each step in its own transaction: the conditional UPDATE of the
  candidacy, the INSERT of the cell resolution (BB-CB) and the INSERT of the audit row.

Steps per second for each and their ratio; the pinned query counts (``tests/workflows/test_gate.py``)
say what the services send. The result replaces the "Transitions" section of docs/benchmarks.md.
"""

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from docs_section import replace_section  # benchmarks/ is the script's directory

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partycell_bench_engine")
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- transitions-benchmark:start -->", "<!-- transitions-benchmark:end -->"
GOAL = 0.40  # the services at least 40% of the raw rate

RAW_SQL = """\
UPDATE workflows_candidacy SET stage = 'sympathiser', stage_entered_at = %(now)s, updated_at = %(now)s
 WHERE id = %(id)s AND stage = 'source' AND updated_at = %(updated_at)s;
INSERT INTO workflows_document (candidacy_id, form_code, number, issued_on, signer, file, content_type, note,
                                action, uploaded_by_id, uploaded_at)
VALUES (%(id)s, 'BB-CB', '', %(on)s, '', '', '', '', 'sympathiser_add', %(actor)s, %(now)s);
INSERT INTO workflows_transitionlog (candidacy_id, action, from_stage, to_stage, actor_id, occurred_at, event_date,
                                     due_on, cell_id, deciding_unit_id, note, evidence, rules, corrects_id)
VALUES (%(id)s, 'sympathiser_add', 'source', 'sympathiser', %(actor)s, %(now)s, %(on)s, NULL, %(cell)s,
        %(cell)s, '', %(evidence)s, '{}', NULL);"""


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")
    os.environ.pop("REDIS_URL", None)
    os.environ["EMAIL_URL"] = "dummymail://"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _samples(steps: int) -> tuple[list[int], list[int]]:
    from workflows.enums import Stage
    from workflows.models import Candidacy

    ids = list(Candidacy.objects.filter(stage=Stage.SOURCE).order_by("id").values_list("id", flat=True)[: 2 * steps])
    if len(ids) < 2 * steps:
        raise SystemExit(f"Only {len(ids)} candidacies at the source stage; seed more or ask for fewer --steps.")
    return ids[0::2], ids[1::2]  # interleaved: both samples spread alike over the tree


def _actor(cell_ids: set[int]):  # noqa: ANN202 - a User
    from partycell.accounts.models import Role, RoleAssignment, User

    user, _created = User.objects.get_or_create(username="bench-transitions")
    RoleAssignment.objects.filter(user=user).delete()
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=Role.CELL_SECRETARY, unit_id=cell) for cell in sorted(cell_ids)]
    )
    return User.objects.get(pk=user.pk)


def through_services(ids: list[int], on: datetime.date, actor) -> float:  # noqa: ANN001
    import partycell.notifications.services as notification_services
    from workflows import gate, services
    from workflows.models import Candidacy

    notification_services.reminders_request_scan = lambda **kwargs: None  # work after the step, not the step
    cases = list(Candidacy.objects.filter(pk__in=ids).select_related("person", "cell"))
    gate.judge(user=actor, candidacy=cases[0], action="sympathiser_add", on=on)  # the page read the actor's roles
    data = {"resolution_date": on.isoformat()}
    started = time.perf_counter()
    for candidacy in cases:
        services.candidacy_perform(actor=actor, candidacy=candidacy, action="sympathiser_add", data=data)
    return time.perf_counter() - started


def raw(ids: list[int], on: datetime.date, actor) -> float:  # noqa: ANN001
    from django.db import connection, transaction
    from django.utils import timezone

    from workflows.models import Candidacy

    rows = list(Candidacy.objects.filter(pk__in=ids).values_list("id", "cell_id", "updated_at"))
    evidence = json.dumps({"documents": []})
    started = time.perf_counter()
    for pk, cell, updated_at in rows:
        with transaction.atomic(), connection.cursor() as cursor:
            params = {"id": pk, "cell": cell, "updated_at": updated_at, "now": timezone.now(), "on": on,
                      "actor": actor.pk, "evidence": evidence}  # fmt: skip
            for statement in RAW_SQL.split(";\n"):
                cursor.execute(statement.rstrip(";"), params)
    return time.perf_counter() - started


def write_docs(report: dict) -> None:
    ratio = report["services_per_s"] / report["raw_per_s"]
    verdict = "met" if ratio >= GOAL else "NOT met"
    services = "Through the services (`candidacy_perform`: validate, gate, document, guards, UPDATE, audit row)"
    services_row = f"| {services} | {report['services_s']:.2f} s | {report['services_per_s']:.0f} |"
    raw_row = f"| The same writes in raw SQL (below) | {report['raw_s']:.2f} s | {report['raw_per_s']:.0f} |"
    section = f"""{START}
## Transitions (`benchmarks/transitions.py`)

Measured {report["date"]} on {report["machine"]}, PostgreSQL {report["postgres"]}, database
`{report["database"]}` ({report["candidacies"]:,} candidacies from `seed_demo --scale --national`), machine
shared with other jobs. {report["steps"]:,} steps of each kind, `sympathiser_add` on cases at the source stage,
each step in its own transaction; two interleaved samples of the same kind of rows (a step cannot be
taken twice on one row).

| Run | Time | Steps/s |
| --- | ---: | ---: |
{services_row}
{raw_row}

The services reach **{ratio:.0%}** of the raw rate: goal at least {GOAL:.0%}, **{verdict}**. Before this work
the issue measured 229/s against 1,048/s (22%). The step sends 5 statements inside its transaction
(savepoint or BEGIN, the BB-CB document, the conditional UPDATE of the changed columns, the audit row,
release or COMMIT) and a cell vote 14; both pinned in `tests/workflows/test_gate.py`. Not counted: the
reminder scan of the case queued on commit (Celery's work; replaced by a no-op here), and reading the
case and the actor's roles, which the view does before calling the service.

Raw SQL of the same writes, per step:

```sql
{RAW_SQL}
```
{END}"""
    replace_section(DOCS, section, START, END)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from workflows.models import Candidacy

    on = timezone.localdate()
    via_services, via_raw = _samples(args.steps)
    cells = set(Candidacy.objects.filter(pk__in=via_services + via_raw).values_list("cell_id", flat=True))
    actor = _actor(cells)
    raw_s = raw(via_raw, on, actor)
    services_s = through_services(via_services, on, actor)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    report = {
        "steps": args.steps, "services_s": services_s, "raw_s": raw_s,
        "services_per_s": args.steps / services_s, "raw_per_s": args.steps / raw_s,
        "candidacies": Candidacy.objects.count(), "postgres": postgres,
        "database": DATABASE_URL.rsplit("/", 1)[1], "date": datetime.date.today().strftime("%d/%m/%Y"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
    }  # fmt: skip
    print(json.dumps(report, indent=2))
    write_docs(report)


if __name__ == "__main__":
    main()

"""Open candidacies in a subtree: overdue steps per child, the funnel by stage, time spent per stage."""

import datetime
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.db import connection
from django.db.models import Count, QuerySet

from partycell.organisations.models import Unit
from partycell.targets.models import Period
from partycell.targets.selectors.tree import child_prefix, in_subtree
from workflows.enums import FUNNEL_ORDER, OPEN, Stage
from workflows.models import Candidacy, TransitionLog
from workflows.rules import is_overdue, overdue_q

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def open_candidacies(unit: Unit) -> QuerySet[Candidacy]:
    return in_subtree(Candidacy.objects.filter(stage__in=sorted(OPEN)), unit, through="cell__")


def overdue_counts(*, unit: Unit, today: datetime.date) -> QuerySet:
    return (
        in_subtree(Candidacy.objects.filter(overdue_q(today)), unit, through="cell__")
        .annotate(prefix=child_prefix(unit, through="cell__"))
        .values("prefix")
        .annotate(overdue=Count("id"))
        .order_by()
    )


def overdue_by_child(*, unit: Unit, today: datetime.date) -> dict[str, int]:
    """Open steps past their stored due date (``stage_due_on < today``), per child path, in one query."""
    return {row["prefix"]: row["overdue"] for row in overdue_counts(unit=unit, today=today)}


def funnel_counts(*, unit: Unit) -> QuerySet:
    return open_candidacies(unit).values_list("stage").annotate(n=Count("id")).order_by()


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    count: int

    @property
    def label(self) -> "StrPromise":
        return Stage(self.stage).label


class CellCase(NamedTuple):
    """What a cell's dashboard lists of an open candidacy: a row of a values query (building whole cases
    and people was most of a cell dashboard's Python time). ``person`` is the name, as ``str`` gives it."""

    pk: int
    person: str
    stage: str
    stage_due_on: datetime.date | None

    def get_stage_display(self) -> str:
        return str(Stage(self.stage).label)


def _funnel_steps(counts: Mapping[str, int]) -> list[FunnelStep]:
    order = [stage for stage in FUNNEL_ORDER if stage in OPEN] + sorted(OPEN - set(FUNNEL_ORDER))
    return [FunnelStep(stage=stage, count=counts.get(stage, 0)) for stage in order]


def funnel(*, unit: Unit) -> list[FunnelStep]:
    """Open candidacies by stage in happy-path order (escalated cases last), in one query."""
    return _funnel_steps(dict(funnel_counts(unit=unit)))


def cell_funnel(candidacies: list[CellCase]) -> list[FunnelStep]:
    """``funnel`` of a cell from its open candidacies already read (``cell_candidacies``): no query."""
    return _funnel_steps(Counter(candidacy.stage for candidacy in candidacies))


def cell_overdue(candidacies: list[CellCase], *, today: datetime.date) -> int:
    """``overdue_by_child`` summed, for a cell, from its open candidacies already read: no query."""
    return sum(1 for candidacy in candidacies if is_overdue(candidacy, today))


@dataclass(frozen=True)
class StageDuration:
    stage: str
    median_days: float
    stays: int

    @property
    def label(self) -> "StrPromise":
        return Stage(self.stage).label


# Each log row opens a stay in its ``to_stage``; the candidacy's next row (by event date, then
# recording order) closes it. Stays that ended inside the period, grouped by (stage, days): a small
# histogram whatever the number of rows, from which Python takes the median.
_STAY_SQL = """
WITH stays AS (
    SELECT log.to_stage AS stage,
           log.event_date AS entered_on,
           LEAD(log.event_date) OVER (
               PARTITION BY log.candidacy_id ORDER BY log.event_date, log.occurred_at, log.id
           ) AS left_on
    FROM {log_table} log
    JOIN {unit_table} cell ON cell.id = log.cell_id
    WHERE cell.path LIKE %s AND log.event_date <= %s
)
SELECT stage, {days} AS days, COUNT(*)
FROM stays
WHERE left_on BETWEEN %s AND %s
GROUP BY stage, {days}
"""


def _days_expression() -> str:
    if connection.vendor == "postgresql":
        return "(left_on - entered_on)"
    return "CAST(julianday(left_on) - julianday(entered_on) AS INTEGER)"


def stay_histogram_sql(*, unit: Unit, period: Period) -> tuple[str, list]:
    sql = _STAY_SQL.format(
        log_table=TransitionLog._meta.db_table, unit_table=Unit._meta.db_table, days=_days_expression()
    )
    return sql, [f"{unit.path}%", period.ends_on, period.starts_on, period.ends_on]


def stage_durations(*, unit: Unit, period: Period) -> list[StageDuration]:
    """Median days candidacies of ``unit``'s subtree spent in each stage, for stays ending in ``period``.

    One query: a window function pairs each transition with the candidacy's next one; the median is
    taken in Python over the (stage, days) histogram. A candidacy moved between cells counts where
    it entered the stage.
    """
    sql, params = stay_histogram_sql(unit=unit, period=period)
    histogram: dict[str, list[tuple[int, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for stage, days, count in cursor.fetchall():
            histogram.setdefault(stage, []).append((int(days), count))
    order = {stage: i for i, stage in enumerate([*FUNNEL_ORDER, *Stage.values])}
    return [
        StageDuration(stage=stage, median_days=_median(pairs), stays=sum(n for _, n in pairs))
        for stage, pairs in sorted(histogram.items(), key=lambda item: order[item[0]])
    ]


def _median(pairs: list[tuple[int, int]]) -> float:
    """The median of a histogram of (value, count) pairs, without expanding it."""
    pairs = sorted(pairs)
    total = sum(count for _, count in pairs)
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, count in pairs:
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return statistics.fmean(found)


def cell_candidacies(*, cell: Unit) -> list[CellCase]:
    """A cell's open candidacies with their people's names, for the drill-down to candidates: only what its
    rows show, soonest due first."""
    cases = (
        Candidacy.objects.filter(cell=cell, stage__in=sorted(OPEN))
        .order_by("stage_due_on", "person__name_sort_key", "id")
        .values_list("pk", "person__full_name", "stage", "stage_due_on")
    )
    return list(map(CellCase._make, cases))

"""Everything the audit dashboard, its print page and its export show, in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.selectors import scope_paths_for
from partycell.targets.charts import Chart, funnel_bars, target_bars
from partycell.targets.enums import PeriodKind
from partycell.targets.models import Period
from partycell.targets.selectors.achievement import Achievement, AchievementReport, unit_achievements
from partycell.targets.selectors.pipeline import (
    CellCase,
    FunnelStep,
    StageDuration,
    cell_candidacies,
    cell_funnel,
    cell_overdue,
    funnel,
    overdue_by_child,
    stage_durations,
)


def periods() -> list[Period]:
    return list(Period.objects.all())


def pick_period(all_periods: list[Period], *, requested: str | None, today: datetime.date) -> Period | None:
    """The requested period, else the calendar year containing today, else the latest one."""
    by_id = {str(period.pk): period for period in all_periods}
    if requested in by_id:
        return by_id[requested]
    current = [p for p in all_periods if p.kind == PeriodKind.YEAR and p.contains(today)]
    candidates = current or all_periods
    return candidates[0] if candidates else None


def visible_ancestors(user: User, unit: Unit) -> list[Unit]:
    """The unit's ancestors the user may open, root first (for breadcrumbs)."""
    paths = scope_paths_for(user)
    ancestors = Unit.objects.get_ancestors(unit)
    return [a for a in ancestors if paths is None or any(a.path.startswith(p) for p in paths)]


@dataclass(frozen=True)
class ChildRow:
    achievement: Achievement
    overdue: int

    @property
    def unit(self) -> Unit:
        return self.achievement.unit


@dataclass(frozen=True)
class Dashboard:
    unit: Unit
    report: AchievementReport
    rows: list[ChildRow]
    own_overdue: int
    funnel: list[FunnelStep]
    durations: list[StageDuration]
    candidacies: list[CellCase] | None  # a cell's open candidacies; None for a unit with children

    @property
    def target_chart(self) -> Chart:
        return target_bars([row.achievement for row in self.rows])

    @property
    def funnel_chart(self) -> Chart:
        return funnel_bars(self.funnel)


def unit_dashboard(*, unit: Unit, period: Period, kind: str, today: datetime.date) -> Dashboard:
    """The audit view of one unit.

    1. Its children (1 query, none for a cell) and their achievement against targets (2 queries, see
       ``unit_achievements``).
    2. Overdue steps per child (1), the funnel (1) and median days per stage (1).
    3. For a unit without children (a cell): its open candidacies (1), which its page lists; they also
       give its funnel and its overdue steps, so a cell runs no query of step 2 but the median days.
    Six queries whatever the number of children; four for a cell.
    """
    children = list(Unit.objects.get_children(unit).select_related("kind"))
    report = unit_achievements(unit=unit, period=period, kind=kind, today=today, children=children)
    candidacies: list[CellCase] | None = None
    if children:
        overdue = overdue_by_child(unit=unit, today=today)
        own_overdue, steps = sum(overdue.values()), funnel(unit=unit)
    else:  # a cell's subtree is the cell: the cases its table lists are the ones counted
        candidacies = cell_candidacies(cell=unit)
        overdue, own_overdue, steps = {}, cell_overdue(candidacies, today=today), cell_funnel(candidacies)
    return Dashboard(
        unit=unit,
        report=report,
        rows=[ChildRow(achievement=a, overdue=overdue.get(a.unit.path, 0)) for a in report.children],
        own_overdue=own_overdue,
        funnel=steps,
        durations=stage_durations(unit=unit, period=period),
        candidacies=candidacies,
    )

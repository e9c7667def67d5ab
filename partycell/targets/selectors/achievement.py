"""Achievement against targets: the ONE function the dashboard, the exports and the reminders call.

Figures come from the transition log, never from counters kept by hand:
- an admission counts on the ``TransitionLog`` row entering ``Stage.ADMISSION_DECIDED``, on its
  ``event_date`` (the decision date), in the cell it was recorded in; a recognition on the row
  entering ``Stage.OFFICIAL``;
- candidacies whose admission was later annulled do not count, nor a step reversed as recorded by mistake
  (``TransitionLog.objects.standing()``);
- entries that keep the stage (a correction, a party card, an extension) never count themselves
  (``stage_changes()``); a corrected date does not move a step to another period;
- a unit's figure is the sum over its subtree, rolled up in one grouped query (see ``tree``);
- "expected by today" is linear over the period, rounded half up like every target; a figure is
  behind pace when fewer people were achieved than expected.
A target is a goal, never a cap: figures above 100% are shown as they are.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from partycell.organisations.models import Unit
from partycell.people.choices import KINH, PRIVATE_OR_FDI_SECTORS, Occupation, Religion, Sex
from partycell.targets.arithmetic import expected_by, percent_achieved
from partycell.targets.enums import ACHIEVEMENT_STAGE, Dimension
from partycell.targets.models import Period, Target
from partycell.targets.selectors.tree import child_prefix, in_subtree
from workflows.enums import Stage
from workflows.models import TransitionLog

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

_PERSON = "candidacy__person__"
# Whole years of age as an integer compare: yyyymmdd(event) - yyyymmdd(birth) >= 180000 means 18 or older.
_AGE_18 = 18 * 10000
_AGE_31 = 31 * 10000


def _yyyymmdd(field_name: str) -> CombinedExpression:
    return ExtractYear(field_name) * 10000 + ExtractMonth(field_name) * 100 + ExtractDay(field_name)


def dimension_filters() -> dict[str, Q]:
    """Which achievements count in each sub-target; ``age_key`` is annotated by ``achievement_logs``."""
    return {
        Dimension.WOMEN: Q(**{f"{_PERSON}sex": Sex.FEMALE}),
        Dimension.ETHNIC_MINORITY: ~Q(**{f"{_PERSON}ethnic_group": KINH}),
        Dimension.YOUTH_UNION: Q(**{f"{_PERSON}is_youth_union_member": True}),
        Dimension.AGE_18_30: Q(age_key__gte=_AGE_18, age_key__lt=_AGE_31),
        Dimension.RELIGIOUS: ~Q(**{f"{_PERSON}religion": Religion.NONE}),
        Dimension.PRIVATE_FDI: Q(**{f"{_PERSON}sector__in": sorted(PRIVATE_OR_FDI_SECTORS)}),
        Dimension.STUDENT: Q(**{f"{_PERSON}occupation": Occupation.STUDENT}),
        Dimension.MILITIA_RESERVE: Q(**{f"{_PERSON}is_militia_or_reserve": True}),
        Dimension.RESIDENTIAL_CELL: Q(cell__is_residential=True),
    }


def steps_counted_in(period: Period) -> QuerySet[TransitionLog]:
    """Standing stage changes dated in ``period``: the rows figures count.

    Later entries that keep the stage (a correction, a party card, an extension) never count themselves.
    """
    return (
        TransitionLog.objects.standing()
        .stage_changes()
        .filter(event_date__range=(period.starts_on, period.ends_on))
    )


def achievement_logs(*, unit: Unit, period: Period, kind: str) -> QuerySet[TransitionLog]:
    """The transition-log rows that count as achievements of ``kind`` in ``unit``'s subtree and ``period``."""
    logs = steps_counted_in(period).filter(to_stage=ACHIEVEMENT_STAGE[kind]).exclude(candidacy__stage=Stage.ANNULLED)
    return in_subtree(logs, unit, through="cell__").annotate(
        age_key=_yyyymmdd("event_date") - _yyyymmdd(f"{_PERSON}date_of_birth")
    )


def achievement_counts(*, unit: Unit, period: Period, kind: str) -> QuerySet:
    """The grouped aggregate: one row per child path, one count per dimension (``n_<dimension>``)."""
    counts = {"n_total": Count("candidacy", distinct=True)}
    for dimension, condition in dimension_filters().items():
        counts[f"n_{dimension}"] = Count("candidacy", distinct=True, filter=condition)
    return (
        achievement_logs(unit=unit, period=period, kind=kind)
        .annotate(prefix=child_prefix(unit, through="cell__"))
        .values("prefix")
        .annotate(**counts)
        .order_by()
    )


def achieved_by_child(*, unit: Unit, period: Period, kind: str) -> dict[str, dict[str, int]]:
    """Achievements per child path and dimension, in one grouped query."""
    rows = achievement_counts(unit=unit, period=period, kind=kind)
    return {row.pop("prefix"): {key[2:]: value for key, value in row.items()} for row in rows}


@dataclass(frozen=True)
class Figure:
    """One dimension of one unit: target, achieved, percent, expected by today, pace."""

    dimension: str
    target: int | None
    achieved: int
    expected: int | None
    percent: Decimal | None

    @property
    def label(self) -> "StrPromise":
        return Dimension(self.dimension).label

    @property
    def behind_pace(self) -> bool:
        return self.expected is not None and self.achieved < self.expected

    @property
    def shortfall(self) -> int:
        return max((self.target or 0) - self.achieved, 0)


@dataclass(frozen=True)
class Achievement:
    unit: Unit
    figures: dict[str, Figure]
    targets: dict[str, Target] = field(default_factory=dict)

    @property
    def total(self) -> Figure:
        return self.figures[Dimension.TOTAL]

    @property
    def target(self) -> Target | None:
        return self.targets.get(Dimension.TOTAL)

    @property
    def sub_figures(self) -> list[Figure]:
        return [figure for key, figure in self.figures.items() if key != Dimension.TOTAL]


@dataclass(frozen=True)
class AchievementReport:
    unit: Unit
    period: Period
    kind: str
    today: datetime.date
    elapsed: Decimal
    own: Achievement
    children: list[Achievement]

    @property
    def children_target_sum(self) -> int | None:
        amounts = [child.total.target for child in self.children if child.total.target is not None]
        return sum(amounts) if amounts else None

    @property
    def allocation_gap(self) -> int | None:
        """Own target minus the children's targets; None when there is nothing to compare."""
        own, children = self.own.total.target, self.children_target_sum
        if own is None or children is None:
            return None
        return own - children

    @property
    def children_missing_target(self) -> list[Unit]:
        return [child.unit for child in self.children if child.total.target is None]


def _figure(dimension: str, target: Target | None, achieved: int, elapsed: Decimal) -> Figure:
    amount = None if target is None else target.amount
    return Figure(
        dimension=dimension,
        target=amount,
        achieved=achieved,
        expected=None if amount is None else expected_by(amount, elapsed),
        percent=percent_achieved(achieved, amount),
    )


def _achievement(unit: Unit, targets: dict[str, Target], counts: dict[str, int], elapsed: Decimal) -> Achievement:
    figures: dict[str, Figure] = {
        dimension: _figure(dimension, targets.get(dimension), counts.get(dimension, 0), elapsed)
        for dimension in Dimension
        if dimension == Dimension.TOTAL or dimension in targets or counts.get(dimension)
    }
    return Achievement(unit=unit, figures=figures, targets=targets)


def unit_achievements(
    *,
    unit: Unit,
    period: Period,
    kind: str,
    today: datetime.date,
    children: list[Unit] | None = None,
) -> AchievementReport:
    """Achievement of ``unit`` and of each of its children, every dimension, for one period and kind.

    1. Load the children (unless given) and every target of the unit and its children (1 query).
    2. Count achievements grouped by child path and dimension (1 query).
    3. The unit's own figure is the sum over all groups, so it always equals the children's sum
       plus whatever was recorded on the unit itself.
    At most three queries, whatever the size of the tree.
    """
    if children is None:
        children = list(Unit.objects.get_children(unit).select_related("kind"))
    by_unit: dict[int, dict[str, Target]] = {}
    for target in Target.objects.filter(period=period, kind=kind, unit__in=[unit, *children]):
        by_unit.setdefault(target.unit_id, {})[target.dimension] = target
    grouped = achieved_by_child(unit=unit, period=period, kind=kind)
    totals: dict[str, int] = {}
    for counts in grouped.values():
        for dimension, value in counts.items():
            totals[dimension] = totals.get(dimension, 0) + value
    elapsed = period.elapsed_fraction(today)
    return AchievementReport(
        unit=unit,
        period=period,
        kind=kind,
        today=today,
        elapsed=elapsed,
        own=_achievement(unit, by_unit.get(unit.pk, {}), totals, elapsed),
        children=[
            _achievement(child, by_unit.get(child.pk, {}), grouped.get(child.path, {}), elapsed) for child in children
        ],
    )

"""Demo targets: admissions for the current year and the 2025-2030 term, set for the province and
allocated down the tree to every cell through the targets services, as a province would.

Running it twice changes nothing: a period that exists is reused, a target that exists is kept, and
a unit whose children already have their targets is not allocated again (each allocation writes
history rows, so repeating it would not be idempotent).
"""

import datetime

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.targets.enums import Basis, Dimension, PeriodKind, TargetKind
from partycell.targets.models import Period, Target
from partycell.targets.services import allocation_proposal, period_create, target_set, targets_allocate

# The term of the party committees elected at the 2025 congresses.
TERM_STARTS_ON = datetime.date(2025, 10, 1)
TERM_ENDS_ON = datetime.date(2030, 9, 30)
# Admissions the province aims at: about one per cell each year, five years a term.
YEAR_ADMISSIONS = 15
TERM_ADMISSIONS = 75


def _period(*, kind: str, starts_on: datetime.date, ends_on: datetime.date) -> Period:
    existing = Period.objects.filter(kind=kind, starts_on=starts_on, ends_on=ends_on).first()
    return existing or period_create(actor=None, kind=kind, starts_on=starts_on, ends_on=ends_on)


def _root_target(*, unit: Unit, period: Period, number: int, actor: User) -> Target:
    existing = Target.objects.filter(
        unit=unit, period=period, kind=TargetKind.ADMISSIONS, dimension=Dimension.TOTAL
    ).first()
    return existing or target_set(
        unit=unit, period=period, kind=TargetKind.ADMISSIONS, dimension=Dimension.TOTAL, basis=Basis.ABSOLUTE,
        number=number, note="Nghị quyết Tỉnh ủy về công tác phát triển đảng viên", actor=actor,
    )  # fmt: skip


def _allocate_down(*, target: Target, actor: User) -> None:
    """Split ``target`` over the unit's children in proportion to their members, then theirs, to the cells.

    1. A unit without children (a cell) ends the walk.
    2. Children that have no target of this period, kind and group get the proposed split (one
       allocation, with its history rows); children that have one keep it.
    3. Recurse into each child's target.
    """
    children = list(Unit.objects.get_children(target.unit))
    if not children:
        return
    siblings = Target.objects.filter(
        unit__in=children, period=target.period, kind=target.kind, dimension=target.dimension
    )
    if not siblings.exists():
        targets_allocate(
            target=target, amounts=allocation_proposal(target=target, children=children), actor=actor,
            reason=f"Phân bổ chỉ tiêu {target.period.name} theo số đảng viên",
        )  # fmt: skip
    for child_target in siblings.select_related("unit", "period"):
        _allocate_down(target=child_target, actor=actor)


def seed_targets(*, root: Unit, actor: User, today: datetime.date) -> list[Period]:
    """The current calendar year and the 2025-2030 term, with admissions targets down to every cell."""
    year = _period(
        kind=PeriodKind.YEAR, starts_on=datetime.date(today.year, 1, 1), ends_on=datetime.date(today.year, 12, 31)
    )
    term = _period(kind=PeriodKind.TERM, starts_on=TERM_STARTS_ON, ends_on=TERM_ENDS_ON)
    for period, number in ((year, YEAR_ADMISSIONS), (term, TERM_ADMISSIONS)):
        _allocate_down(target=_root_target(unit=root, period=period, number=number, actor=actor), actor=actor)
    return [year, term]

"""Writes of the targets app: periods, targets and allocations, each with its history row.

Every service re-checks the editing scope (``partycell.selectors.user_may_edit_unit``): auditors
(board staff) read only. Bad input raises ``ValidationError`` with a translated message and saves
nothing.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partycell.accounts.models import Role, User
from partycell.organisations.models import Unit
from partycell.people.models import PARTY_FOUNDED_ON
from partycell.selectors import role_assignments_of, user_may_edit_unit
from partycell.targets.arithmetic import amount_from_percent, largest_remainder
from partycell.targets.enums import Basis, ChangeAction, PeriodKind
from partycell.targets.models import Period, Target, TargetChange
from partycell.targets.selectors.members import member_count, member_counts_by_child


class OutOfScope(PermissionDenied):
    """The user may not change targets of this unit."""


def _check_scope(user: User, unit: Unit) -> None:
    if not user_may_edit_unit(user, unit):
        raise OutOfScope(
            _("You may not set targets for %(unit)s: it is outside the party organisations you may edit.")
            % {"unit": unit}
        )


# A period is shared by every unit's targets: committee staff and administrators add them, never a cell.
PERIOD_ROLES = frozenset({Role.GRASSROOTS_STAFF, Role.COMMUNE_STANDING, Role.ADMINISTRATOR})
PERIOD_MAX_YEARS = 10  # a congress term is 5 years


def user_may_create_period(user: User) -> bool:
    """Whether ``user`` may add a target period (superusers, or a role of ``PERIOD_ROLES`` anywhere)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(a.role in PERIOD_ROLES for a in role_assignments_of(user))


def period_create(
    *, actor: User | None, kind: str, starts_on: datetime.date, ends_on: datetime.date, name: str = ""
) -> Period:
    """Create a calendar year or a congress term; a year runs from 1 January to 31 December.

    ``actor`` is recorded (``None``: the system, e.g. the demo seed); one who may not add periods gets
    ``PermissionDenied``. A period starts on or after the Party's founding and lasts at most 10 years."""
    if actor is not None and not user_may_create_period(actor):
        raise PermissionDenied(_("Only party committee staff and administrators add target periods."))
    if starts_on < PARTY_FOUNDED_ON:
        raise ValidationError(_("A period starts on or after 03/02/1930."), code="period_too_early")
    if ends_on.year - starts_on.year > PERIOD_MAX_YEARS:
        raise ValidationError(
            _("A period lasts at most %(years)s years.") % {"years": PERIOD_MAX_YEARS}, code="period_too_long"
        )
    if ends_on < starts_on:
        raise ValidationError(_("The period cannot end before it starts."), code="period_reversed")
    if kind == PeriodKind.YEAR and (
        starts_on != datetime.date(starts_on.year, 1, 1) or ends_on != datetime.date(starts_on.year, 12, 31)
    ):
        raise ValidationError(_("A calendar year runs from 1 January to 31 December."), code="not_a_year")
    if Period.objects.filter(kind=kind, starts_on=starts_on, ends_on=ends_on).exists():
        raise ValidationError(_("This period already exists."), code="period_exists")
    if not name:
        name = str(starts_on.year) if kind == PeriodKind.YEAR else f"{starts_on.year}–{ends_on.year}"
    return Period.objects.create(kind=kind, starts_on=starts_on, ends_on=ends_on, name=name, created_by=actor)


def _validate_figures(
    *, basis: str, number: int | None, percent: Decimal | None, reference_date: datetime.date | None
) -> None:
    if basis == Basis.ABSOLUTE:
        if number is None:
            raise ValidationError(_("Enter the number of people."), code="number_missing")
        if number < 0:
            raise ValidationError(_("A target cannot be negative."), code="negative")
        return
    if percent is None or reference_date is None:
        raise ValidationError(
            _("A percentage target needs the percentage and the date members are counted on."), code="percent_missing"
        )
    if percent < 0:
        raise ValidationError(_("A target cannot be negative."), code="negative")
    if percent > 100:
        raise ValidationError(_("A percentage cannot be over 100."), code="percent_over_100")
    if reference_date > timezone.localdate():
        raise ValidationError(
            _("Members can only be counted on a date that has passed; choose today or earlier."),
            code="future_reference",
        )


def _apply_figures(
    target: Target, *, basis: str, number: int | None, percent: Decimal | None, reference_date: datetime.date | None
) -> None:
    target.basis = basis
    if basis == Basis.ABSOLUTE:
        assert number is not None  # checked by _validate_figures
        target.number, target.percent, target.reference_date, target.member_count = number, None, None, None
        target.amount = number
    else:
        assert percent is not None and reference_date is not None  # checked by _validate_figures
        target.number, target.percent, target.reference_date = None, percent, reference_date
        target.member_count = member_count(unit=target.unit, on=reference_date)
        target.amount = amount_from_percent(percent, target.member_count)


@transaction.atomic
def target_set(
    *,
    unit: Unit,
    period: Period,
    kind: str,
    dimension: str,
    basis: str,
    number: int | None = None,
    percent: Decimal | None = None,
    reference_date: datetime.date | None = None,
    note: str = "",
    actor: User,
    reason: str = "",
) -> Target:
    """Create or change one target and write its history row.

    1. Check the actor may edit the unit (``OutOfScope`` otherwise).
    2. Validate the figures; a change (not a creation) needs a reason.
    3. Compute ``amount`` (percentages: members of the subtree on the reference date, rounded half up).
    4. Save the target and append a ``TargetChange`` with the figures before and after.
    """
    _check_scope(actor, unit)
    _validate_figures(basis=basis, number=number, percent=percent, reference_date=reference_date)
    target = Target.objects.select_for_update().filter(unit=unit, period=period, kind=kind, dimension=dimension).first()
    reason = reason.strip()
    if target is not None and not reason:
        raise ValidationError(_("Give a reason for changing the target."), code="reason_required")
    before = None if target is None else target.snapshot()
    target = target or Target(unit=unit, period=period, kind=kind, dimension=dimension)
    _apply_figures(target, basis=basis, number=number, percent=percent, reference_date=reference_date)
    target.note = note
    target.save()
    TargetChange.objects.create(
        target=target,
        action=ChangeAction.CREATED if before is None else ChangeAction.CHANGED,
        actor=actor,
        reason=reason or _("Target set."),
        before=before,
        after=target.snapshot(),
    )
    return target


def allocation_proposal(*, target: Target, children: list[Unit]) -> dict[int, int]:
    """The parent's target split over its children in proportion to their members (largest remainder).

    Members are counted on the target's reference date, or today for a number of people.
    """
    on = target.reference_date or timezone.localdate()
    members = member_counts_by_child(unit=target.unit, on=on)
    return largest_remainder(target.amount, {child.pk: members.get(child.path, 0) for child in children})


@transaction.atomic
def targets_allocate(*, target: Target, amounts: dict[int, int], actor: User, reason: str) -> list[Target]:
    """Set each child unit's target (same period, kind and group) to the given number of people.

    ``amounts`` maps child unit ids to people, from ``allocation_proposal`` or typed by hand; they
    need not add up to the parent's target (the dashboard shows the gap), but each child must be a
    direct child of the target's unit. Every child target gets a history row with the reason.
    """
    _check_scope(actor, target.unit)
    if not reason.strip():
        raise ValidationError(_("Give a reason for the allocation."), code="reason_required")
    children = {child.pk: child for child in Unit.objects.get_children(target.unit)}
    if set(amounts) - set(children):
        raise ValidationError(_("Targets can only be allocated to the unit's own children."), code="not_a_child")
    saved = []
    for child_id, amount in amounts.items():
        saved.append(
            _allocate_one(target=target, child=children[child_id], amount=amount, actor=actor, reason=reason.strip())
        )
    return saved


def _allocate_one(*, target: Target, child: Unit, amount: int, actor: User, reason: str) -> Target:
    if amount < 0:
        raise ValidationError(_("A target cannot be negative."), code="negative")
    child_target = (
        Target.objects.select_for_update()
        .filter(unit=child, period=target.period, kind=target.kind, dimension=target.dimension)
        .first()
    )
    before = None if child_target is None else child_target.snapshot()
    child_target = child_target or Target(
        unit=child, period=target.period, kind=target.kind, dimension=target.dimension
    )
    _apply_figures(child_target, basis=Basis.ABSOLUTE, number=amount, percent=None, reference_date=None)
    child_target.save()
    TargetChange.objects.create(
        target=child_target, action=ChangeAction.ALLOCATED, actor=actor, reason=reason,
        before=before, after=child_target.snapshot(),
    )  # fmt: skip
    return child_target

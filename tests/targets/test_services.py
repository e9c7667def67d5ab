import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partycell.organisations.models import Unit
from partycell.targets.enums import Basis, ChangeAction, Dimension, PeriodKind, TargetKind
from partycell.targets.models import Period, Target, TargetChange
from partycell.targets.services import (
    OutOfScope,
    allocation_proposal,
    period_create,
    target_set,
    targets_allocate,
)
from tests.factories import TargetFactory
from tests.targets.conftest import add_members

REFERENCE = datetime.date(2025, 12, 31)


def _set(user, unit, period, **figures):
    defaults = {"kind": TargetKind.ADMISSIONS, "dimension": Dimension.TOTAL, "basis": Basis.ABSOLUTE}
    return target_set(unit=unit, period=period, actor=user, **(defaults | figures))


def test_target_set_percent_of_2700_members_gives_95(tree, year_2026, commune_staff):
    add_members(tree.cell_a, 1500)
    add_members(tree.cell_c, 1200)
    add_members(tree.other_cell, 50)  # outside the commune

    target = _set(commune_staff, tree.commune, year_2026, basis=Basis.PERCENT, percent=Decimal("3.5"),
                  reference_date=REFERENCE)  # fmt: skip

    assert (target.member_count, target.amount) == (2700, 95)


def test_target_set_counts_members_on_the_reference_date(tree, year_2026, commune_staff):
    add_members(tree.cell_a, 10, admitted=datetime.date(2020, 1, 1))
    add_members(tree.cell_a, 5, admitted=datetime.date(2026, 1, 2))  # admitted after the reference date

    target = _set(commune_staff, tree.cell_a, year_2026, basis=Basis.PERCENT, percent=Decimal("50"),
                  reference_date=REFERENCE)  # fmt: skip

    assert (target.member_count, target.amount) == (10, 5)


def test_target_set_keeps_history_with_who_and_why(tree, year_2026, commune_staff):
    with translation.override("en"):
        _set(commune_staff, tree.cell_c, year_2026, number=4)

    _set(commune_staff, tree.cell_c, year_2026, number=6, reason="Congress resolution amended")

    changes = list(TargetChange.objects.order_by("id").values_list("action", "actor__username", "reason", "after"))
    assert [(a, u, r, after["amount"]) for a, u, r, after in changes] == [
        (ChangeAction.CREATED, "canbo_xa", "Target set.", 4),
        (ChangeAction.CHANGED, "canbo_xa", "Congress resolution amended", 6),
    ]


def test_target_set_change_without_reason_is_refused(tree, year_2026, commune_staff):
    _set(commune_staff, tree.cell_c, year_2026, number=4)

    with pytest.raises(ValidationError, match="Give a reason"):
        _set(commune_staff, tree.cell_c, year_2026, number=6, reason="  ")

    assert Target.objects.get().amount == 4


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"number": -1}, "cannot be negative"),
        ({"basis": Basis.PERCENT, "percent": Decimal("100.5"), "reference_date": REFERENCE}, "cannot be over 100"),
        ({"basis": Basis.PERCENT, "percent": Decimal("3")}, "needs the percentage and the date"),
    ],
)
def test_target_set_bad_figures_save_nothing(tree, year_2026, commune_staff, figures, message):
    with pytest.raises(ValidationError, match=message):
        _set(commune_staff, tree.cell_c, year_2026, **figures)

    assert Target.objects.count() == 0


def test_target_set_outside_editing_scope_is_refused(tree, year_2026, commune_staff, auditor):
    with pytest.raises(OutOfScope, match="outside the party organisations you may edit"):
        _set(commune_staff, tree.other_cell, year_2026, number=3)
    with pytest.raises(OutOfScope):
        _set(auditor, tree.cell_a, year_2026, number=3)

    assert Target.objects.count() == 0


def test_period_create_ending_before_it_starts_is_refused(db):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        period_create(actor=None, kind=PeriodKind.TERM, starts_on=datetime.date(2030, 1, 1),
                      ends_on=datetime.date(2025, 1, 1))  # fmt: skip

    assert Period.objects.count() == 0


def test_period_create_names_a_term(db):
    period = period_create(
        actor=None,
        kind=PeriodKind.TERM, starts_on=datetime.date(2025, 10, 1), ends_on=datetime.date(2030, 9, 30)
    )

    assert period.name == "2025–2030"


def test_allocation_proportional_to_members_adds_up(tree, year_2026, commune_staff):
    add_members(tree.cell_a, 1000)
    add_members(tree.cell_b, 1000)
    add_members(tree.cell_c, 700)
    parent = _set(commune_staff, tree.commune, year_2026, basis=Basis.PERCENT, percent=Decimal("3.5"),
                  reference_date=REFERENCE)  # fmt: skip
    children = list(Unit.objects.get_children(tree.commune))

    amounts = allocation_proposal(target=parent, children=children)
    targets_allocate(target=parent, amounts=amounts, actor=commune_staff, reason="Plan 2026")

    allocated = dict(Target.objects.filter(unit__in=children).values_list("unit__name", "amount"))
    assert allocated == {"Đảng ủy Trường THPT Chu Văn An": 70, "Chi bộ Tổ dân phố 5": 25}
    assert sum(allocated.values()) == parent.amount == 95
    assert TargetChange.objects.filter(action=ChangeAction.ALLOCATED, reason="Plan 2026").count() == 2


def test_allocation_to_a_unit_that_is_not_a_child_is_refused(tree, year_2026, commune_staff):
    parent = TargetFactory(unit=tree.commune, period=year_2026, number=10)

    with pytest.raises(ValidationError, match="own children"):
        targets_allocate(target=parent, amounts={tree.cell_a.pk: 10}, actor=commune_staff, reason="x")

    assert Target.objects.count() == 1

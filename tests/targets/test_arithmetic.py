import datetime
from decimal import Decimal

from partycell.targets.arithmetic import (
    amount_from_percent,
    elapsed_fraction,
    expected_by,
    largest_remainder,
    percent_achieved,
)


def test_amount_from_percent_rounds_half_up_to_a_whole_person():
    assert amount_from_percent(Decimal("3.5"), 2700) == 95
    assert amount_from_percent(Decimal("3.25"), 87258) == 2836  # 2835.885
    assert amount_from_percent(Decimal("1"), 50) == 1  # 0.5 goes up
    assert amount_from_percent(Decimal("0.8"), 50) == 0  # 0.4 goes down


def test_percent_achieved_press_figures():
    assert percent_achieved(329, 300) == Decimal("109.7")
    assert percent_achieved(8, 4) == Decimal("200.0")
    assert percent_achieved(288, 815) == Decimal("35.3")
    assert percent_achieved(3, 0) is None


def test_expected_by_today_is_linear_over_the_period():
    half = elapsed_fraction(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), today=datetime.date(2026, 7, 2)
    )
    assert half == Decimal(183) / 365
    assert expected_by(4, half) == 2
    before = elapsed_fraction(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), today=datetime.date(2025, 5, 1)
    )
    after = elapsed_fraction(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), today=datetime.date(2027, 5, 1)
    )
    assert (before, after) == (0, 1)


def test_largest_remainder_parts_add_up_to_the_total():
    parts = largest_remainder(95, {1: 1000, 2: 1000, 3: 700})
    assert parts == {1: 35, 2: 35, 3: 25}
    assert sum(parts.values()) == 95


def test_largest_remainder_with_no_members_splits_evenly():
    assert largest_remainder(7, {1: 0, 2: 0, 3: 0}) == {1: 3, 2: 2, 3: 2}

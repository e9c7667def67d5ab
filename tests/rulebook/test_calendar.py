"""The Vietnamese working-day calendar.

Expected dates were worked out by hand from the real calendar and what ``holidays`` 0.109 returns
for VN: Tết 2026 = Mon 16 - Fri 20 Feb (lunar new year Tue 17 Feb); Hùng Kings 2026 = Sun 26 Apr,
observed Mon 27 Apr; 2 September 2026 = Mon 31 Aug (worked on Sat 22 Aug), Tue 1, Wed 2 Sep;
Tết 2027 = Thu 4 - Wed 10 Feb (lunar new year Sat 6 Feb); 2 September 2027 = Thu 2, Fri 3 Sep.
"""

import calendar
import datetime

import pytest
from django.db.models import DateField, F, Value
from django.utils import translation

from partycell.rulebook.calendar import (
    AddMonths,
    add_months,
    add_working_days,
    is_working_day,
    next_working_day,
    overrides_loaded,
    public_holiday_name,
    working_day_on_or_after,
    working_days_between,
)
from partycell.rulebook.models import CalendarDay, DayKind

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 2, 16),
        D(2026, 2, 17),
        D(2026, 2, 20),
        D(2027, 2, 4),
        D(2027, 2, 10),
        D(2026, 1, 1),
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 9, 2),
        D(2026, 8, 31),
        D(2027, 9, 3),
    ],
)
def test_is_working_day_public_holiday_on_weekday_is_not(day):
    assert day.weekday() < 5
    assert is_working_day(day) is False


@pytest.mark.parametrize("day", [D(2026, 3, 7), D(2026, 3, 8)])
def test_is_working_day_weekend_is_not(day):
    assert is_working_day(day) is False


def test_is_working_day_ordinary_weekday_is():
    assert is_working_day(D(2026, 3, 10)) is True  # a Tuesday


def test_is_working_day_saturday_worked_for_moved_day_off_is():
    # Mon 31 Aug 2026 is off in exchange for Sat 22 Aug 2026 (holidays package substitution).
    assert is_working_day(D(2026, 8, 22)) is True


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Weekend: Friday + 1 is Monday; an event on Saturday counts from Monday.
        (D(2026, 3, 6), 1, D(2026, 3, 9)),
        (D(2026, 3, 7), 1, D(2026, 3, 9)),
        (D(2026, 3, 9), 5, D(2026, 3, 16)),
        # Tết 2026: Friday 13 Feb + 1 jumps the whole week of 16-20 Feb.
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),
        # Tết 2027: Wednesday 3 Feb + 1 skips Thu 4 - Wed 10 Feb.
        (D(2027, 2, 3), 1, D(2027, 2, 11)),
        # Year end: 1 January is off.
        (D(2025, 12, 31), 1, D(2026, 1, 2)),
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        # 30 April and 1 May 2026 (Thu, Fri); Hùng Kings observed Mon 27 April.
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        (D(2026, 4, 24), 1, D(2026, 4, 28)),
        # National Day 2026: off Mon 31 Aug - Wed 2 Sep; 2027: Thu 2 - Fri 3 Sep.
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        (D(2027, 9, 1), 1, D(2027, 9, 6)),
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start, count, expected):
    assert add_working_days(start, count) == expected


def test_add_working_days_sixty_day_admission_deadline_across_tet_2026():
    # Cell resolution on Mon 5 Jan 2026: 29 working days to Fri 13 Feb, none in Tết week,
    # 30 more from 23 Feb to Fri 3 Apr, the 60th is Mon 6 Apr (it would be 30 Mar without Tết).
    assert add_working_days(D(2026, 1, 5), 60) == D(2026, 4, 6)


def test_add_working_days_zero_returns_start():
    assert add_working_days(D(2026, 2, 17), 0) == D(2026, 2, 17)


def test_add_working_days_negative_counts_back():
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 1, 5), -2) == D(2025, 12, 31)


def test_add_working_days_make_up_saturday_from_calendar_day_counts():
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=DayKind.WORKING_DAY, reason="Làm bù")

    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)
    assert is_working_day(D(2026, 3, 14)) is True


def test_add_working_days_extra_day_off_from_calendar_day_is_skipped():
    assert add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)

    CalendarDay.objects.create(date=D(2026, 3, 10), kind=DayKind.DAY_OFF, reason="Nghỉ bổ sung")

    # The administrator's edit applies at once: nothing is cached.
    assert add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)
    assert is_working_day(D(2026, 3, 10)) is False


def test_add_working_days_calendar_day_overrides_package_substitution():
    CalendarDay.objects.create(date=D(2026, 8, 22), kind=DayKind.DAY_OFF, reason="Bỏ làm bù")

    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 24)


def test_add_working_days_one_query_for_a_long_period(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert add_working_days(D(2026, 1, 5), 60) == D(2026, 4, 6)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 2, 13), D(2026, 2, 23), 1),
        (D(2026, 2, 13), D(2026, 2, 22), 0),
        (D(2026, 2, 23), D(2026, 2, 13), -1),
        (D(2026, 3, 10), D(2026, 3, 10), 0),
        (D(2027, 2, 1), D(2027, 2, 12), 4),
        (D(2025, 12, 31), D(2026, 1, 2), 1),
        (D(2026, 1, 5), D(2026, 4, 6), 60),
    ],
)
def test_working_days_between_counts_after_start_up_to_end(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_between_one_query_for_a_year(django_assert_num_queries):
    with django_assert_num_queries(1):
        working_days_between(D(2026, 1, 1), D(2026, 12, 31))


def test_working_days_between_make_up_saturday_counts():
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=DayKind.WORKING_DAY)

    assert working_days_between(D(2026, 3, 13), D(2026, 3, 16)) == 2


def test_next_working_day_after_tet_eve_friday():
    assert next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert next_working_day(D(2026, 3, 10)) == D(2026, 3, 11)


def test_working_day_on_or_after_keeps_working_day_and_rolls_holiday():
    assert working_day_on_or_after(D(2026, 3, 10)) == D(2026, 3, 10)
    assert working_day_on_or_after(D(2026, 2, 17)) == D(2026, 2, 23)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2025, 7, 15), 12, D(2026, 7, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2008, 2, 29), 216, D(2026, 2, 28)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
    ],
)
def test_add_months_same_day_or_last_day_of_month(start, count, expected):
    assert add_months(start, count) == expected


# Month ends (28-31 in every month of a leap year and the years around it, 29 February included) and plain days.
_MONTH_END_STARTS = sorted(
    {D(year, month, day) for year in (2023, 2024, 2025) for month in range(1, 13) for day in (1, 15, 28, 29, 30, 31)
     if day <= calendar.monthrange(year, month)[1]}
)  # fmt: skip


@pytest.mark.parametrize(("count", "days"), [(1, 0), (-1, 0), (12, 1), (-12, 1), (13, 0), (-13, 0), (60, 0), (11, 1)])
def test_add_months_in_sql_gives_the_civil_code_date_of_add_months_across_month_ends(count, days):
    """The reminders compare these dates in SQL: the database must agree with ``add_months`` day for day."""
    CalendarDay.objects.bulk_create(CalendarDay(date=day, kind=DayKind.DAY_OFF) for day in _MONTH_END_STARTS)

    rows = CalendarDay.objects.annotate(later=AddMonths(F("date"), count, days=days)).values_list("date", "later")

    expected = {day: add_months(day, count) + datetime.timedelta(days=days) for day in _MONTH_END_STARTS}
    assert dict(rows) == expected


def test_add_months_in_sql_keeps_a_missing_date_missing():
    CalendarDay.objects.create(date=D(2024, 1, 31), kind=DayKind.DAY_OFF)

    later = CalendarDay.objects.annotate(later=AddMonths(Value(None, output_field=DateField()), 1, days=1))

    assert list(later.values_list("later", flat=True)) == [None]


def test_public_holiday_name_tet_in_vietnamese():
    with translation.override("vi"):
        assert public_holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert public_holiday_name(D(2026, 3, 10)) is None


def test_add_working_days_inside_a_loaded_range_gives_what_each_call_alone_gives():
    """The compliance audit counts from hundreds of dates inside one ``overrides_loaded`` block: by index
    into the range's working days, with the administrator's corrections and across Tết, both ways, and
    past either end of the range (then as usual)."""
    CalendarDay.objects.create(date=D(2026, 3, 9), kind=DayKind.DAY_OFF, reason="Nghỉ bổ sung")
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=DayKind.WORKING_DAY, reason="Làm bù")
    starts = [D(2026, 1, 1) + datetime.timedelta(days=offset) for offset in range(0, 120, 3)]
    counts = (1, 5, 30, 60, -1, -20, 200)
    alone = {(start, count): add_working_days(start, count) for start in starts for count in counts}

    with overrides_loaded(D(2026, 1, 10), D(2026, 6, 30)):
        loaded = {(start, count): add_working_days(start, count) for start in starts for count in counts}

    assert loaded == alone
    assert loaded[(D(2026, 3, 8), 1)] == D(2026, 3, 10)  # from Sunday: Monday 9 March is taken off

"""The working-day calendar where mutation testing found it unguarded (docs/testing.md).

The administrator's ``CalendarDay`` corrections must apply whichever way a period is counted
(backwards for "overdue since", beyond the first month of a long holiday run), holiday names
follow the active language, and a calendar with no working day at all stops with an error instead
of looping forever.
"""

import datetime

import pytest
from django.utils import translation

from partycell.rulebook.calendar import (
    add_working_days,
    is_working_day,
    next_working_day,
    public_holiday_name,
    working_day_on_or_after,
    working_days_between,
)
from partycell.rulebook.models import CalendarDay, DayKind

D = datetime.date

pytestmark = pytest.mark.django_db


def _days(first: datetime.date, count: int, kind: str) -> None:
    CalendarDay.objects.bulk_create(
        CalendarDay(date=first + datetime.timedelta(days=offset), kind=kind, reason="Sửa lịch")
        for offset in range(count)
    )


# --- Holiday names follow the language ------------------------------------------------------------------


def test_public_holiday_name_in_english_when_english_is_active():
    with translation.override("en"):
        assert public_holiday_name(D(2026, 2, 17)) == "Lunar New Year"


def test_public_holiday_name_in_vietnamese_without_an_active_language():
    with translation.override(None):
        assert public_holiday_name(D(2026, 9, 2)) == "Quốc khánh"


# --- Corrections apply counting backwards ---------------------------------------------------------------


def test_add_working_days_back_counts_a_make_up_saturday():
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=DayKind.WORKING_DAY, reason="Làm bù")

    assert add_working_days(D(2026, 3, 16), -1) == D(2026, 3, 14)


def test_add_working_days_back_skips_an_extra_day_off():
    CalendarDay.objects.create(date=D(2026, 3, 13), kind=DayKind.DAY_OFF, reason="Nghỉ bổ sung")

    assert add_working_days(D(2026, 3, 16), -1) == D(2026, 3, 12)
    assert add_working_days(D(2026, 3, 16), -2) == D(2026, 3, 11)


# --- Corrections beyond the first chunk of days loaded ---------------------------------------------------


def test_add_working_days_reads_corrections_after_a_long_run_of_days_off():
    # Sixty days off from 2 March 2026, then a make-up Saturday (2 May) inside them is worked.
    _days(D(2026, 3, 2), 60, DayKind.DAY_OFF)
    CalendarDay.objects.filter(date=D(2026, 4, 25)).update(kind=DayKind.WORKING_DAY)

    assert add_working_days(D(2026, 2, 27), 1) == D(2026, 4, 25)
    assert add_working_days(D(2026, 2, 27), 2) == D(2026, 5, 4)  # 1 May (Fri) is a public holiday


def test_add_working_days_back_reads_corrections_after_a_long_run_of_days_off():
    _days(D(2026, 3, 2), 60, DayKind.DAY_OFF)
    CalendarDay.objects.filter(date=D(2026, 3, 7)).update(kind=DayKind.WORKING_DAY)  # a Saturday

    assert add_working_days(D(2026, 5, 4), -1) == D(2026, 3, 7)
    assert add_working_days(D(2026, 5, 4), -2) == D(2026, 2, 27)


def test_next_working_day_reads_corrections_after_a_long_run_of_days_off():
    _days(D(2026, 3, 2), 45, DayKind.DAY_OFF)
    CalendarDay.objects.filter(date=D(2026, 4, 11)).update(kind=DayKind.WORKING_DAY)  # a Saturday

    assert next_working_day(D(2026, 2, 27)) == D(2026, 4, 11)
    assert working_day_on_or_after(D(2026, 3, 2)) == D(2026, 4, 11)


def test_working_days_between_counts_corrections_both_ways():
    CalendarDay.objects.create(date=D(2026, 3, 11), kind=DayKind.DAY_OFF, reason="Nghỉ bổ sung")
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=DayKind.WORKING_DAY, reason="Làm bù")

    # After Mon 9 up to Mon 16: Tue 10, Thu 12, Fri 13, Sat 14 (worked), Mon 16.
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 16)) == 5
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 9)) == -5


def test_working_day_on_or_after_keeps_a_make_up_saturday_and_rolls_an_extra_day_off():
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=DayKind.WORKING_DAY, reason="Làm bù")
    CalendarDay.objects.create(date=D(2026, 3, 10), kind=DayKind.DAY_OFF, reason="Nghỉ bổ sung")

    assert working_day_on_or_after(D(2026, 3, 14)) == D(2026, 3, 14)
    assert working_day_on_or_after(D(2026, 3, 10)) == D(2026, 3, 11)
    assert is_working_day(D(2026, 3, 14)) is True


# --- A calendar without working days ------------------------------------------------------------------------


def test_calendar_with_ten_years_off_stops_with_an_error():
    _days(D(2026, 1, 1), 3700, DayKind.DAY_OFF)

    with pytest.raises(ValueError, match="No working day within 3660 days of 31/12/2025"):
        add_working_days(D(2025, 12, 31), 1)
    with pytest.raises(ValueError, match="No working day within 3660 days"):
        next_working_day(D(2025, 12, 31))

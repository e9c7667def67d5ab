"""The pinned ``holidays`` release still gives the known Tết and Hùng Kings days off.

pyproject.toml pins ``holidays`` exactly because a release that moves one public holiday moves every
deadline counted in working days across it. These are the official days off, checked both in the
package and through our own calendar (``partycell.rulebook.calendar``), which reads it:

- Tết Giáp Thìn 2024 (lunar new year Sat 10 Feb): Thu 8 to Wed 14 Feb 2024.
- Tết Ất Tỵ 2025 (lunar new year Wed 29 Jan): the five statutory days Tue 28 Jan to Sat 1 Feb, and
  Mon 27 Jan, the day off given in place of Saturday 1 Feb.
- Tết Bính Ngọ 2026 (lunar new year Tue 17 Feb): Mon 16 to Fri 20 Feb 2026.
- Hùng Kings' day (10th day of the 3rd lunar month) 2025: Mon 7 Apr 2025.
"""

import datetime

import holidays
import pytest

from partycell.rulebook.calendar import is_working_day, public_holiday_name

D = datetime.date

pytestmark = pytest.mark.django_db


def _days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


KNOWN_TET_DAYS = [
    *_days(D(2024, 2, 8), D(2024, 2, 14)),
    *_days(D(2025, 1, 27), D(2025, 2, 1)),
    *_days(D(2026, 2, 16), D(2026, 2, 20)),
]
HUNG_KINGS_DAY_2025 = D(2025, 4, 7)


def _assert_day_off(day: datetime.date) -> None:
    assert day in holidays.country_holidays("VN", years=day.year), f"holidays no longer has {day} off"
    assert public_holiday_name(day) is not None, f"our calendar names no holiday on {day}"
    assert is_working_day(day) is False, f"our calendar makes {day} a working day"


@pytest.mark.parametrize("day", KNOWN_TET_DAYS, ids=str)
def test_known_tet_days_are_days_off(day):
    _assert_day_off(day)


def test_hung_kings_day_2025_is_a_day_off():
    assert HUNG_KINGS_DAY_2025.weekday() == 0  # a Monday: off only because it is a holiday
    _assert_day_off(HUNG_KINGS_DAY_2025)

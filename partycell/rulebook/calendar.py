"""The Vietnamese working-day calendar and Civil Code date arithmetic.

A working day is Monday to Friday, minus the public holidays of the ``holidays`` package (which
include lunar Tết and the days off the government moves, e.g. 2 May 2025 worked on Saturday 26
April), plus the Saturdays/Sundays the package knows are worked in exchange. ``CalendarDay`` rows
win over all of that: ``day_off`` is never a working day, ``working_day`` always is.

Periods follow the Civil Code 2015, art. 147-148: the day of the event is not counted, so day 1 of
a period in working days is the first working day after the event; a period in months ends on the
same day of the final month, or on that month's last day when it has no such day.

The package's holidays are cached per year in-process (they never change); ``CalendarDay`` rows are
read on every call, with one query per call, so an administrator's edit applies at once. A reader that
counts from many dates (the compliance audit) wraps its work in ``overrides_loaded(first, last)``:
the rows of that range are read once and every call that stays inside it is answered from them.
"""

import bisect
import calendar as stdlib_calendar
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import holidays
from django.db.models import DateField, Func
from django.utils.translation import get_language

from partycell.rulebook.models import CalendarDay, DayKind

COUNTRY = "VN"
_ONE_DAY = datetime.timedelta(days=1)
# No real calendar goes ten years without a working day; stop rather than loop forever on bad data.
_MAX_SEARCH_DAYS = 3660

# The overrides read by an enclosing ``overrides_loaded`` block: (first, last, kinds by date).
_loaded: ContextVar[tuple[datetime.date, datetime.date, dict[datetime.date, str]] | None] = ContextVar(
    "calendar_loaded_overrides", default=None
)
# The working days of that block's range, in order, listed on first use: ``add_working_days`` counts
# inside the range by index instead of judging every day again for every start date.
_loaded_working_days: ContextVar[list[list[datetime.date]] | None] = ContextVar(
    "calendar_loaded_working_days", default=None
)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays(COUNTRY, years=year))


@lru_cache(maxsize=64)
def _weekend_workdays(year: int) -> frozenset[datetime.date]:
    country = holidays.country_holidays(COUNTRY, years=year)
    return frozenset(day for day in country.weekend_workdays if day.year == year)


@lru_cache(maxsize=64)
def _holiday_names(year: int, language: str) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays(COUNTRY, years=year, language=language))


def public_holiday_name(day: datetime.date) -> str | None:
    """The name of the public holiday on ``day``, in Vietnamese unless English is active, or None."""
    language = "en_US" if (get_language() or "vi").startswith("en") else "vi"
    return _holiday_names(day.year, language).get(day)


def _read_overrides(low: datetime.date, high: datetime.date) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(low, high)).values_list("date", "kind"))


def _overrides(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    """CalendarDay kinds between two dates inclusive: in one query, or none inside an enclosing
    ``overrides_loaded`` block that covers them (its answer may hold days outside the two)."""
    low, high = min(first, last), max(first, last)
    loaded = _loaded.get()
    if loaded is not None and loaded[0] <= low and high <= loaded[1]:
        return loaded[2]
    return _read_overrides(low, high)


@contextmanager
def overrides_loaded(first: datetime.date, last: datetime.date) -> Iterator[None]:
    """Within the block, calendar calls that read only days from ``first`` to ``last`` read no row.

    Read in one query here; for one request or one job (an edit made during the block is not seen).
    Calls that reach outside the range query as usual, so the answers never change.
    """
    low, high = min(first, last), max(first, last)
    token = _loaded.set((low, high, _read_overrides(low, high)))
    days_token = _loaded_working_days.set([])
    try:
        yield
    finally:
        _loaded_working_days.reset(days_token)
        _loaded.reset(token)


def _working_days_loaded() -> tuple[datetime.date, datetime.date, list[datetime.date]] | None:
    """The enclosing block's range and its working days in order (judged once), or None outside one."""
    loaded, listed = _loaded.get(), _loaded_working_days.get()
    if loaded is None or listed is None:
        return None
    low, high, overrides = loaded
    if not listed:
        days = (low + datetime.timedelta(days=offset) for offset in range((high - low).days + 1))
        listed.append([day for day in days if _is_working(day, overrides)])
    return low, high, listed[0]


def _add_working_days_loaded(start: datetime.date, count: int) -> datetime.date | None:
    """``add_working_days`` answered from the enclosing block when the start and the answer lie in its
    range (every day between them is then a day it judged); None otherwise."""
    found = _working_days_loaded()
    if found is None:
        return None
    low, high, days = found
    if not low <= start <= high:
        return None
    if count > 0:
        index = bisect.bisect_right(days, start) + count - 1  # the count-th working day after start
        return days[index] if index < len(days) else None
    index = bisect.bisect_left(days, start) + count  # the |count|-th working day before start
    return days[index] if index >= 0 else None


def days_read(count: int) -> int:
    """The calendar days after (or before) its start that ``add_working_days(start, count)`` reads in
    its first query: size an ``overrides_loaded`` range with it."""
    # Two calendar days per working day plus a month covers Tết and the longest holiday runs.
    return 2 * abs(count) + 31


def _is_working(day: datetime.date, overrides: dict[datetime.date, str]) -> bool:
    kind = overrides.get(day)
    if kind is not None:
        return kind == DayKind.WORKING_DAY
    if day in _public_holidays(day.year):
        return False
    if day.weekday() >= 5:
        return day in _weekend_workdays(day.year)
    return True


def _working_days_from(start: datetime.date, *, step: int, chunk_days: int) -> Iterator[datetime.date]:
    """Yield the working days strictly after (step=1) or before (step=-1) ``start``, nearest first.

    Overrides are loaded ``chunk_days`` at a time: one query when the caller sized the chunk well.
    """
    day = start
    searched = 0
    while searched < _MAX_SEARCH_DAYS:
        chunk_end = start + datetime.timedelta(days=step * (searched + chunk_days))
        overrides = _overrides(day + step * _ONE_DAY, chunk_end)
        for _ in range(chunk_days):
            day += step * _ONE_DAY
            if _is_working(day, overrides):
                yield day
        searched += chunk_days
    raise ValueError(f"No working day within {_MAX_SEARCH_DAYS} days of {start:%d/%m/%Y}.")


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day in Vietnam, after the administrator's corrections."""
    return _is_working(day, _overrides(day, day))


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The date ``count`` working days after ``start`` (before it when ``count`` is negative).

    ``start`` itself is never counted, even when it is a working day (Civil Code art. 147):
    ``add_working_days(friday, 1)`` is the next Monday when that Monday is a working day.
    ``count == 0`` returns ``start``.
    """
    if count == 0:
        return start
    loaded = _add_working_days_loaded(start, count)
    if loaded is not None:
        return loaded
    step = 1 if count > 0 else -1
    for counted, day in enumerate(_working_days_from(start, step=step, chunk_days=days_read(count)), start=1):
        if counted == abs(count):
            return day
    raise AssertionError("unreachable")  # pragma: no cover


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    Negative when ``end`` is before ``start``: ``working_days_between(a, b) == -working_days_between(b, a)``,
    and ``working_days_between(start, add_working_days(start, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start + _ONE_DAY, end)
    total = 0
    day = start + _ONE_DAY
    while day <= end:
        total += _is_working(day, overrides)
        day += _ONE_DAY
    return total


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day strictly after ``day``."""
    return next(_working_days_from(day, step=1, chunk_days=31))


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    """``day`` if it is a working day, else the next one (Civil Code art. 148(5) for a period's last day)."""
    return next(_working_days_from(day - _ONE_DAY, step=1, chunk_days=31))


def add_months(start: datetime.date, count: int) -> datetime.date:
    """The same day ``count`` months later (earlier if negative), or the last day of that month.

    Civil Code art. 148: 31 January + 1 month is 28 (or 29) February; 31 March + 1 is 30 April.
    """
    month_index = start.year * 12 + start.month - 1 + count
    year, month = divmod(month_index, 12)
    month += 1
    last_day = stdlib_calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


class AddMonths(Func):
    """``add_months`` in SQL, for queries that compare such dates row by row (the stale-document reminders):
    the date ``months`` later (a constant), on the last day of that month when it has no such day, then
    ``days`` more. NULL stays NULL. ``tests/rulebook/test_calendar.py`` holds both forms to ``add_months``
    across month ends on each database, so the rule stays stated once.

    PostgreSQL's ``date + interval 'N months'`` clamps to the month's last day as ``add_months`` does.
    SQLite's ``date(d, '+N months')`` rolls an overflow into the next month (31 January + 1 month is
    3 March), so the earlier of that and the last day of the target month is taken.
    """

    output_field = DateField()

    def __init__(self, expression: Any, months: int, *, days: int = 0) -> None:
        super().__init__(expression)
        self.months, self.days = int(months), int(days)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        template = f"((%(expressions)s)::date + make_interval(months => {self.months}, days => {self.days}))::date"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        months, end = f"'{self.months:+d} months'", f"'{self.months + 1:+d} months'"
        clamped = f"min(date({sql}, {months}), date({sql}, 'start of month', {end}, '-1 day'))"
        return f"date({clamped}, '{self.days:+d} days')", [*params, *params]

"""Where each reminder band starts and ends, to the day, on the working-day calendar.

One scan on one day, one candidacy with one due date, one lead time: which notice does the cell
secretary (upcoming) or the commune staff (overdue) find? The edges are the days a user would see
move if the band were one working day too long or too short: the working day just inside and just
outside, a due date falling on a weekend or in Tết (it belongs to the band of the working day before
it), and a scan that runs on a day off.

June 2026: Thu 11, Fri 12, Sat 13, Sun 14, Mon 15, Tue 16. Tết 2026: Mon 16 to Fri 20 February
are public holidays between two weekends; Fri 13 and Mon 23 February are working days.
"""

import datetime

import pytest

from partycell.notifications.models import Notification, RuleKind
from partycell.notifications.reminders import reminders_scan
from tests.notifications.conftest import make_candidacy, only_rule
from workflows.enums import Stage

D = datetime.date


def _leads_noticed(kind: str) -> list[int]:
    return list(Notification.objects.filter(kind=kind).order_by("lead_days").values_list("lead_days", flat=True))


# --- Upcoming deadline: "at most L working days left" ------------------------------------------------------


@pytest.mark.parametrize(
    ("scan_on", "due_on", "lead_times", "noticed"),
    [
        # Lead 1 on a Thursday: Friday is the one working day left; the weekend after it too.
        (D(2026, 6, 11), D(2026, 6, 12), "1", [1]),
        (D(2026, 6, 11), D(2026, 6, 13), "1", [1]),
        (D(2026, 6, 11), D(2026, 6, 14), "1", [1]),
        (D(2026, 6, 11), D(2026, 6, 15), "1", []),  # Monday: two working days left
        # Lead 1 on a Friday: Monday is the next working day, Tuesday is one too many.
        (D(2026, 6, 12), D(2026, 6, 15), "1", [1]),
        (D(2026, 6, 12), D(2026, 6, 16), "1", []),
        # Lead 3 on a Tuesday: Wed, Thu, Fri, and the weekend after Friday.
        (D(2026, 6, 9), D(2026, 6, 12), "3", [3]),
        (D(2026, 6, 9), D(2026, 6, 14), "3", [3]),
        (D(2026, 6, 9), D(2026, 6, 15), "3", []),
        # Due today: no working day left, inside the nearest band.
        (D(2026, 6, 12), D(2026, 6, 12), "1", [1]),
        (D(2026, 6, 12), D(2026, 6, 11), "1", []),  # already overdue: not an upcoming deadline
        # Before Tết: the whole break up to Monday 23 February is one working day away.
        (D(2026, 2, 13), D(2026, 2, 14), "1", [1]),
        (D(2026, 2, 13), D(2026, 2, 20), "1", [1]),
        (D(2026, 2, 13), D(2026, 2, 23), "1", [1]),
        (D(2026, 2, 13), D(2026, 2, 24), "1", []),
        (D(2026, 2, 12), D(2026, 2, 22), "1", [1]),  # Thursday: Friday 13 left; Tết belongs to its band
        (D(2026, 2, 12), D(2026, 2, 23), "1", []),
        # Several lead times: the nearest band reached is the one noticed.
        (D(2026, 6, 11), D(2026, 6, 14), "1,3,10", [1]),
        (D(2026, 6, 11), D(2026, 6, 15), "1,3,10", [3]),
        (D(2026, 6, 11), D(2026, 6, 16), "1,3,10", [3]),
        (D(2026, 6, 11), D(2026, 6, 17), "1,3,10", [10]),
        (D(2026, 6, 11), D(2026, 6, 25), "1,3,10", [10]),
        (D(2026, 6, 11), D(2026, 6, 26), "1,3,10", []),  # eleven working days left
    ],
)
def test_upcoming_deadline_band_ends_on_the_eve_of_the_next_working_day(
    tree, secretary, scan_on, due_on, lead_times, noticed
):
    only_rule(RuleKind.UPCOMING_DEADLINE, lead_times=lead_times)
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=due_on)

    reminders_scan(on=scan_on)

    assert _leads_noticed(RuleKind.UPCOMING_DEADLINE) == noticed


def test_probation_ending_band_ends_on_the_eve_of_the_next_working_day(tree, secretary):
    only_rule(RuleKind.PROBATION_ENDING, lead_times="1")
    make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 6, 14))  # a Sunday
    make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 6, 15))

    reminders_scan(on=D(2026, 6, 11))

    assert list(Notification.objects.values_list("due_on", "lead_days")) == [(D(2026, 6, 14), 1)]


# --- Overdue: "at least L working days gone by since the due date" -----------------------------------------


@pytest.mark.parametrize(
    ("scan_on", "due_on", "lead_times", "noticed"),
    [
        (D(2026, 6, 12), D(2026, 6, 11), "1", [1]),  # Friday: Friday itself has gone by since Thursday
        (D(2026, 6, 12), D(2026, 6, 12), "1", []),  # due today: not late
        # A scan on a day off counts from the last working day (the Friday before).
        (D(2026, 6, 13), D(2026, 6, 11), "1", [1]),
        (D(2026, 6, 14), D(2026, 6, 11), "1", [1]),
        (D(2026, 6, 13), D(2026, 6, 12), "1", []),
        (D(2026, 6, 14), D(2026, 6, 12), "1", []),
        (D(2026, 6, 15), D(2026, 6, 12), "1", [1]),
        # Lead 2: two working days must have gone by.
        (D(2026, 6, 15), D(2026, 6, 12), "2", []),
        (D(2026, 6, 16), D(2026, 6, 12), "2", [2]),
        (D(2026, 6, 14), D(2026, 6, 11), "2", []),
        (D(2026, 6, 15), D(2026, 6, 11), "2", [2]),
        # Over Tết: Friday 13 February is the last working day until Monday 23.
        (D(2026, 2, 18), D(2026, 2, 12), "1", [1]),
        (D(2026, 2, 20), D(2026, 2, 13), "1", []),
        (D(2026, 2, 22), D(2026, 2, 12), "2", []),
        (D(2026, 2, 23), D(2026, 2, 12), "2", [2]),
        # Several lead times: the largest reached is noticed.
        (D(2026, 6, 16), D(2026, 6, 12), "1,2,10", [2]),
        (D(2026, 6, 26), D(2026, 6, 12), "1,2,10", [10]),
        (D(2026, 6, 25), D(2026, 6, 12), "1,2,10", [2]),
    ],
)
def test_overdue_band_counts_working_days_gone_by(tree, commune_staff, scan_on, due_on, lead_times, noticed):
    only_rule(RuleKind.OVERDUE, lead_times=lead_times)
    make_candidacy(tree.cell_c, stage=Stage.INTRODUCED, stage_due_on=due_on)

    reminders_scan(on=scan_on)

    assert _leads_noticed(RuleKind.OVERDUE) == noticed

"""Deadlines in the user's calendar: the month view's days and the iCalendar feed.

Both read the deadline stored on each open case (``Candidacy.stage_due_on``, set by
``workflows.deadlines`` with the rule that governs it), in the user's scope. A feed is fetched
without logging in, so its events carry the step, the day and a short case reference with a link
back, never a name, a CCCD or anything else about the person.
"""

from __future__ import annotations

import calendar as month_calendar  # the standard library's
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from partycell.accounts.models import User
from partycell.web.actions import action_label
from workflows import deadlines
from workflows.enums import OPEN, Action, Stage
from workflows.models import Candidacy
from workflows.selectors import candidacies_visible_to

# The step each deadline rule is the deadline of.
STEP_OF_RULE = {
    deadlines.VERIFICATION: Action.HISTORY_VERIFY,
    deadlines.ADMISSION_DECISION: Action.ADMISSION_DECIDE,
    deadlines.ADMISSION_EXTENSION: Action.ADMISSION_DECIDE,
    deadlines.CEREMONY: Action.CEREMONY_HOLD,
    deadlines.RECOGNITION_VOTE: Action.RECOGNITION_VOTE,
    deadlines.RECOGNITION_DECISION: Action.RECOGNITION_DECIDE,
    deadlines.RECOGNITION_EXTENSION: Action.RECOGNITION_DECIDE,
}
# The feed holds deadlines from this many days back (overdue ones stay visible) to a year ahead.
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 400


def case_reference(candidacy_id: int) -> str:
    """``HS-123``: the case's number, the only reference a feed event carries."""
    return f"HS-{candidacy_id}"


@dataclass(frozen=True)
class Deadline:
    candidacy_id: int
    person_id: int
    person_name: str
    cell_code: str
    due_on: datetime.date
    step: str

    @property
    def reference(self) -> str:
        return case_reference(self.candidacy_id)


def _step(rule: str, stage: str) -> str:
    action = STEP_OF_RULE.get(rule)
    if action is not None:
        return action_label(action)
    return str(Stage(stage).label) if stage in Stage.values else stage


def _open_with_deadline(user: User) -> QuerySet[Candidacy]:
    return candidacies_visible_to(user).filter(stage__in=sorted(OPEN), stage_due_on__isnull=False)


def deadlines_between(user: User, start: datetime.date, end: datetime.date) -> list[Deadline]:
    """The deadlines of open cases in ``user``'s scope due from ``start`` to ``end`` included, by day."""
    rows = (
        _open_with_deadline(user).filter(stage_due_on__gte=start, stage_due_on__lte=end)
        .order_by("stage_due_on", "person__name_sort_key", "id")
        .values_list("pk", "person_id", "person__full_name", "cell__code", "stage_due_on", "stage_due_rule", "stage")
    )  # fmt: skip
    return [Deadline(pk, person_id, name, code, due, _step(rule, stage))
            for pk, person_id, name, code, due, rule, stage in rows if due is not None]  # fmt: skip


@dataclass(frozen=True)
class Day:
    day: datetime.date
    in_month: bool
    deadlines: list[Deadline]


def month_grid(user: User, year: int, month: int) -> list[list[Day]]:
    """The weeks (Monday first) showing ``month``, each day with the deadlines due on it."""
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    found = deadlines_between(user, weeks[0][0], weeks[-1][-1])
    by_day: dict[datetime.date, list[Deadline]] = {}
    for deadline in found:
        by_day.setdefault(deadline.due_on, []).append(deadline)
    return [[Day(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def parse_month(text: str | None, *, today: datetime.date) -> tuple[int, int]:
    """``"2026-03"`` → (2026, 3); anything else (empty, malformed, out of range) → today's month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.year, today.month
    if not 1900 <= year <= 2200:
        return today.year, today.month
    return year, month


def feed_calendar(user: User, *, link: str, today: datetime.date | None = None) -> tuple[bytes, list[int]]:
    """The iCalendar of ``user``'s deadlines and the ids of the people whose cases it covers (for the
    access log). ``link`` is the absolute address of a case's page with ``{id}`` for its number."""
    today = today or timezone.localdate()
    found = deadlines_between(
        user, today - datetime.timedelta(days=FEED_PAST_DAYS), today + datetime.timedelta(days=FEED_FUTURE_DAYS)
    )
    with translation.override("vi"):
        calendar = Calendar()
        calendar.add("prodid", "-//PartyCell//Deadlines//VI")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("PartyCell deadlines"))
        calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
        stamp = timezone.now()
        for deadline in found:
            calendar.add_component(_event(deadline, link, stamp))
    return calendar.to_ical(), [deadline.person_id for deadline in found]


def _event(deadline: Deadline, link: str, stamp: datetime.datetime) -> Event:
    url = link.format(id=deadline.candidacy_id)
    event = Event()
    event.add("uid", f"partycell-{deadline.reference}-{deadline.due_on:%Y%m%d}@partycell")
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.due_on)
    event.add("dtend", deadline.due_on + datetime.timedelta(days=1))
    event.add("summary", f"{deadline.step} · {deadline.reference}")
    event.add("description", _("Deadline: %(date)s\nStep: %(step)s\nCase: %(case)s (%(cell)s)\n%(url)s") % {
        "date": f"{deadline.due_on:%d/%m/%Y}", "step": deadline.step, "case": deadline.reference,
        "cell": deadline.cell_code, "url": url})  # fmt: skip
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event

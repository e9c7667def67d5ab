"""The reminder scan: set-based queries find what is due today and record each notice once.

There are no timers. Every run (the daily beat job, ``manage.py send_reminders``, a retry, a
second worker) asks the same question: "what is due on this date?", and inserts the answers into
``Notification`` with ``bulk_create(ignore_conflicts=True)``. The table's unique key (candidacy,
rule, due date, recipient, lead time) turns a repeated or overlapping run into a no-op, and a run
killed half-way loses nothing: the next one finds the same rows and inserts what is missing.
Every rule also skips what it has already notified (an anti-join in SQL on the notice table's key), so
a daily scan reads and inserts only what became due since the last one. On PostgreSQL each rule's query
runs on a plain (client-side) cursor so that it may use parallel workers, without JIT compilation.

How each rule turns into a date range (the bounds computed once per scan in Python, on the
Vietnamese working-day calendar of ``partycell.rulebook.calendar``; SQL compares dates, and computes
only the stale-document dates per row, with ``AddMonths``: the Civil Code's ``add_months``, held equal
to it by a test on each database):

- upcoming deadline, lead L: at most L working days left before ``stage_due_on``. When several
  lead times have passed (the scan was down, or the step started late) only the nearest is sent.
- overdue, lead L: ``stage_due_on`` at least L working days before today; the largest reached
  lead is sent, to the people whose step it is (the cell for its own steps) and, escalated, to the
  staff of the superior committees.
- step recorded: a stage change recorded in the last week that the other side acts on next (a
  committee's decision or refusal to the cell; a cell's passed vote to the committees above it).
  The workflow services queue a one-candidacy scan on commit, so it reaches them at once.
- probation ending, lead L: at most L working days left before ``probation_ends_on``.
- stale file, lead L: the first day the cell-vote guard would find a document of the file out of
  date is at most L working days away. Read as the guard reads it: for each form the document
  catalogue requires before the cell vote and gives a validity rule (introduction, Youth Union /
  trade-union resolution, comments summary, and the background-verification conclusion TT-LL,
  domain.md A6/A12), the newest copy's issue date plus the rule's months (rulebook, in force on
  the scan date), the day after. Without such documents, the audit trail's file-opening date,
  else the current stage's entry. The issue dates and the trail's dates are read from the case
  (``workflows.case_dates``, kept by the services), not recomputed per row.
- expiring certificate, lead L: the newest awareness certificate's issue date plus the rule's
  months is at most L working days away; without one, the class-done date, else the stage's entry.
- verification letter unanswered, lead L: a letter without a reply sent at least L working days
  ago; the largest reached lead is sent, to the staff member chasing it and the grassroots staff.
- no movement: the candidacy was last saved more than the rule's months ago.
- behind target (unit-level, monthly): each unit with a total target in a period running today
  whose achievement, from ``partycell.targets``' selector, is below the expected pace; due date
  the first of the month, so each unit's people get one note a month.
- sympathiser-list review (unit-level, monthly, domain.md A2): where the rulebook's
  ``sympathiser_list.monthly_review`` is in force and true on the scan date, each grassroots
  committee with cells (and each commune committee with grassroots cells) gets one note a month,
  due the first of the month, to review its cells' sympathiser lists.
"""

import contextlib
import dataclasses
import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from partycell.accounts.models import Role, RoleAssignment
from partycell.notifications.delivery import notifications_send_immediate
from partycell.notifications.models import Notification, ReminderRule, ReminderScan, RuleKind
from partycell.organisations.models import Unit, UnitKind
from partycell.rulebook.calendar import AddMonths, add_months, add_working_days, is_working_day
from partycell.rulebook.selectors import RuleNotInForce, rule_value, rule_values
from partycell.targets.enums import Dimension
from partycell.targets.models import Target
from partycell.targets.selectors.achievement import unit_achievements
from workflows import case_dates
from workflows.catalogue import DocumentKind, DocumentRequirement, Need
from workflows.enums import (
    AWAITING_ADMISSION_DECISION,
    AWAITING_RECOGNITION_DECISION,
    FUNNEL_ORDER,
    OPEN,
    PROBATION,
    Action,
    FormCode,
    Stage,
)
from workflows.models import Candidacy, TransitionLog
from workflows.verification import VerificationRequest

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
ANALYZE_AFTER = 50_000  # notices written by one rule before PostgreSQL's statistics are refreshed
STEPLEN = 4  # Unit.steplen: each tree level adds four characters to the path.

# Steps a committee above the cell must act on; every other open step is the cell's.
DECISION_STAGES = AWAITING_ADMISSION_DECISION | AWAITING_RECOGNITION_DECISION | {Stage.ESCALATED}
_BEFORE_CELL_VOTE = FUNNEL_ORDER.index(Stage.CELL_APPROVED)
# The file must still be fresh when the cell votes (domain.md A12): the stages between opening it and the vote.
FILE_STAGES = frozenset(FUNNEL_ORDER[FUNNEL_ORDER.index(Stage.FILE_OPEN) : _BEFORE_CELL_VOTE])
CERTIFICATE_STAGES = frozenset(FUNNEL_ORDER[FUNNEL_ORDER.index(Stage.CLASS_DONE) : _BEFORE_CELL_VOTE])
# Waiting out the 12-month probation is not "no movement"; its own deadlines cover it.
IDLE_STAGES = OPEN - PROBATION

CELL_ROLES = frozenset({Role.CELL_SECRETARY, Role.CELL_COMMITTEE})
SECRETARY_ROLES = frozenset({Role.CELL_SECRETARY})
SUPERIOR_ROLES = frozenset({Role.GRASSROOTS_STAFF, Role.COMMUNE_STANDING})
GRASSROOTS_ROLES = frozenset({Role.GRASSROOTS_STAFF})


class Audience:
    CELL = "cell"  # secretary and committee of the candidacy's cell
    SECRETARY = "secretary"  # the cell secretary only
    SUPERIOR = "superior"  # staff and standing members of the committees above the cell
    GRASSROOTS = "grassroots"  # the staff of the nearest committee above the cell (background verification)


# Open steps that are neither the cell's nor a decision: the background verification is the grassroots staff's.
_STEP_AUDIENCE: dict[str, str] = {Stage.FILE_OPEN: Audience.GRASSROOTS}


def _step_audience(stage: str) -> str:
    """Who takes the step a case at ``stage`` waits for: the superior committees for decisions, the
    grassroots staff for the verification, else the cell."""
    return Audience.SUPERIOR if stage in DECISION_STAGES else _STEP_AUDIENCE.get(stage, Audience.CELL)


# Steps recorded by one side that the other side acts on next (issue 11): a committee's decision or
# refusal goes to the cell; a cell's passed vote goes to the committees above it.
_RECORDED_FOR = {
    Stage.ADMISSION_DECIDED: Audience.CELL,
    Stage.REJECTED: Audience.CELL,
    Stage.OFFICIAL: Audience.CELL,
    Stage.REMOVED: Audience.CELL,
    Stage.ANNULLED: Audience.CELL,
    Stage.ESCALATED: Audience.SUPERIOR,
    Stage.CELL_APPROVED: Audience.SUPERIOR,
    Stage.RECOGNITION_PROPOSED: Audience.SUPERIOR,
}
# Only entries recorded this recently are announced (a first scan must not replay years of history).
RECORDED_WINDOW = datetime.timedelta(days=7)


def _steps_recorded(on: datetime.date, candidacy_ids: Iterable[int] | None) -> "Iterator[DueItem]":
    """Stage changes recorded in the last week that the other side acts on next; ``due_on`` is the
    event's date, so each is announced once per recipient (the unique key). An import's entries are
    not news: they bring in what was decided before PartyCell (a roll of thousands would otherwise
    notify every committee of every admission the week it is imported)."""
    logs = (
        TransitionLog.objects.stage_changes()
        .filter(to_stage__in=list(_RECORDED_FOR), occurred_at__gte=timezone.now() - RECORDED_WINDOW)
        .exclude(action=Action.IMPORT)
    )
    if candidacy_ids is not None:
        logs = logs.filter(candidacy_id__in=list(candidacy_ids))
    already = Notification.objects.filter(
        candidacy=OuterRef("candidacy_id"), kind=RuleKind.STEP_RECORDED, due_on=OuterRef("event_date"),
        stage=OuterRef("to_stage"), lead_days=0,
    )  # fmt: skip
    rows = logs.exclude(Exists(already)).values_list("candidacy_id", "cell__path", "to_stage", "event_date")
    for pk, path, stage, event_date in _rows(rows):
        yield DueItem(pk, path, stage, event_date, 0, _RECORDED_FOR[Stage(stage)])


@dataclasses.dataclass(frozen=True)
class DueItem:
    candidacy_id: int
    cell_path: str
    stage: str
    due_on: datetime.date
    lead_days: int
    audience: str
    # Recipients named by the row itself besides the audience (the staff member chasing a letter).
    also: tuple[int, ...] = ()


@dataclasses.dataclass
class ScanResult:
    due_items: int = 0
    notices_created: int = 0


# --- Date ranges --------------------------------------------------------------------------------------


def _lead_case(field: str, bounds: list[tuple[int, datetime.date]], *, lookup: str) -> Case:
    """``Case`` giving each row the lead time whose band its date falls in (first matching bound wins)."""
    whens = [When(**{f"{field}__{lookup}": bound}, then=Value(lead)) for lead, bound in bounds]
    return Case(*whens, output_field=IntegerField())


def _upcoming_bounds(on: datetime.date, leads: list[int]) -> list[tuple[int, datetime.date]]:
    """(lead, latest date at most ``lead`` working days after ``on``), nearest lead first.

    "At most L working days left" counts the working days after ``on`` up to the due date
    (``working_days_between``); the band runs to the eve of the (L+1)-th working day, so a date
    falling on a weekend or in Tết belongs to the band of the working day before it.
    """
    return [(lead, add_working_days(on, lead + 1) - datetime.timedelta(days=1)) for lead in sorted(leads)]


def _overdue_bounds(on: datetime.date, leads: list[int]) -> list[tuple[int, datetime.date]]:
    """(lead, latest due date with at least ``lead`` working days gone by since it), most overdue first.

    On a weekend or holiday no working day has passed since the last working day, so count from that.
    """
    last_working_day = on if is_working_day(on) else add_working_days(on, -1)
    return [(lead, add_working_days(last_working_day, -lead)) for lead in sorted(leads, reverse=True)]


# --- One query per rule -------------------------------------------------------------------------------


def _rows(queryset: QuerySet) -> Iterator[tuple]:
    """The rows of a ``values_list`` query, converted 2,000 at a time.

    On PostgreSQL through a client-side cursor, not ``.iterator()``'s server-side one: PostgreSQL never runs
    a cursor's query in parallel, and these queries read a large part of the candidacy table (the raw SQL
    they are measured against runs with parallel workers). The result waits in libpq's buffer, a few bytes a
    row (a few MB for the first scan's largest rule); the rows become Python objects chunk by chunk. The
    values need no Django converter on PostgreSQL (dates, integers and text come as such).
    """
    if connection.vendor != "postgresql":
        yield from queryset.iterator(chunk_size=CHUNK_SIZE)
        return
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK_SIZE):
            yield from chunk


@contextlib.contextmanager
def _plain_plans() -> Iterator[None]:
    """On PostgreSQL, no JIT compilation for the scan's queries: their cost estimates (expressions per row over
    a large table) cross ``jit_above_cost``, and compiling takes longer than the query saves (0.15-0.3 s a
    query measured at 1,000,000 candidacies)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def _open_candidacies(candidacy_ids: Iterable[int] | None) -> QuerySet[Candidacy]:
    queryset = Candidacy.objects.filter(stage__in=OPEN).order_by()  # no sort: the scan streams rows as they come
    if candidacy_ids is not None:
        queryset = queryset.filter(pk__in=list(candidacy_ids))
    return queryset


def _already_notified(kind: str, *, due_field: str) -> Exists:
    """Rows already notified for this rule, due date and lead time: excluded (an anti-join), so a daily
    scan reads only what became due since the last one instead of rebuilding notices that exist."""
    return Exists(
        Notification.objects.filter(
            candidacy=OuterRef("pk"), kind=kind, due_on=OuterRef(due_field), lead_days=OuterRef("lead")
        )
    )


def _upcoming_deadlines(rule: ReminderRule, on: datetime.date, base: QuerySet) -> Iterator[DueItem]:
    bounds = _upcoming_bounds(on, rule.lead_days)
    rows = (
        base.filter(stage_due_on__gte=on, stage_due_on__lte=bounds[-1][1])
        .annotate(lead=_lead_case("stage_due_on", bounds, lookup="lte"))
        .exclude(_already_notified(RuleKind.UPCOMING_DEADLINE, due_field="stage_due_on"))
        .values_list("pk", "cell__path", "stage", "stage_due_on", "lead")
    )
    for pk, path, stage, due_on, lead in _rows(rows):
        yield DueItem(pk, path, stage, due_on, lead, _step_audience(stage))


def _overdue_steps(rule: ReminderRule, on: datetime.date, base: QuerySet) -> Iterator[DueItem]:
    bounds = _overdue_bounds(on, rule.lead_days)
    rows = (
        base.filter(stage_due_on__lt=on, stage_due_on__lte=bounds[-1][1])
        .annotate(lead=_lead_case("stage_due_on", bounds, lookup="lte"))
        # Overdue steps can stay overdue for months: skip those already notified at this lead.
        .exclude(_already_notified(RuleKind.OVERDUE, due_field="stage_due_on"))
        .values_list("pk", "cell__path", "stage", "stage_due_on", "lead")
    )
    for pk, path, stage, due_on, lead in _rows(rows):
        # The people whose step it is hear of it first; the superior committees too (escalation).
        audience = _step_audience(stage)
        if audience != Audience.SUPERIOR:
            yield DueItem(pk, path, stage, due_on, lead, audience)
        yield DueItem(pk, path, stage, due_on, lead, Audience.SUPERIOR)


def _probation_ending(rule: ReminderRule, on: datetime.date, base: QuerySet) -> Iterator[DueItem]:
    bounds = _upcoming_bounds(on, rule.lead_days)
    rows = (
        base.filter(stage__in=PROBATION, probation_ends_on__gte=on, probation_ends_on__lte=bounds[-1][1])
        .annotate(lead=_lead_case("probation_ends_on", bounds, lookup="lte"))
        .exclude(_already_notified(RuleKind.PROBATION_ENDING, due_field="probation_ends_on"))
        .values_list("pk", "cell__path", "stage", "probation_ends_on", "lead")
    )
    for pk, path, stage, ends_on, lead in _rows(rows):
        yield DueItem(pk, path, stage, ends_on, lead, Audience.SECRETARY)


def _entered_on(stage: str) -> F:
    """The latest recorded date the candidacy entered ``stage`` (from the audit trail), as stored on the
    case (``workflows.case_dates``)."""
    return F(case_dates.ENTRY_FIELDS[stage])


def _newest_issued_on(form_code: str) -> Cast:
    """The issue date of the candidacy's newest document of ``form_code``, as stored on the case."""
    return Cast(KeyTextTransform(case_dates.document_key(form_code), "newest_documents"), DateField())


def _stale_documents(
    rule: ReminderRule, on: datetime.date, base: QuerySet, *, stages: frozenset, stale_on: Func, kind: str
) -> Iterator[DueItem]:
    """Cases at ``stages`` whose documents go stale on ``stale_on`` (a date computed per row in SQL, with
    ``AddMonths``: the Civil Code's month arithmetic of ``add_months``): warned ahead by lead band, each band
    once (the anti-join of the other rules)."""
    bounds = _upcoming_bounds(on, rule.lead_days)
    rows = (
        base.filter(stage__in=stages)
        .annotate(stale_on=stale_on)
        .filter(stale_on__gte=on, stale_on__lte=bounds[-1][1])
        .annotate(lead=_lead_case("stale_on", bounds, lookup="lte"))
        .exclude(_already_notified(kind, due_field="stale_on"))
        .values_list("pk", "cell__path", "stage", "stale_on", "lead")
    )
    for pk, path, stage, stale_on_date, lead in _rows(rows):
        yield DueItem(pk, path, stage, stale_on_date, lead, Audience.CELL)


def _freshness_rules(on: datetime.date) -> dict[str, str]:
    """Form code -> the rulebook rule of its validity, for the forms the document catalogue requires on file
    before the cell vote and that go stale: the rows the guard ``documents_required_for(cell_vote)`` reads.

    The awareness certificate has a reminder of its own (``_stale_certificate``). A requirement that holds
    only on some paths (the Youth Union's resolution) counts here when such a document is on file.
    """
    rows = (
        DocumentRequirement.objects.in_force_on(on)
        .filter(action=Action.CELL_VOTE, need=Need.BEFORE, kind__is_active=True)
        .exclude(kind__validity_rule="").exclude(kind__code=FormCode.AWARENESS_CERTIFICATE)
        .values_list("kind__code", "kind__validity_rule")
    )  # fmt: skip
    return dict(rows)


def stale_from(issued_on: datetime.date, months: int) -> datetime.date:
    """The first day a document issued on ``issued_on`` and valid ``months`` blocks the cell vote: the guard
    refuses a meeting held after ``issued_on + months`` (``workflows.catalogue.expires_on``). ``_stale_from``
    is the same date in SQL."""
    return add_months(issued_on, months) + datetime.timedelta(days=1)


def _stale_from(issued_on: Expression | F, months: int) -> AddMonths:
    """``stale_from`` per row in SQL."""
    return AddMonths(issued_on, months, days=1)


LATER_THAN_ANY = "9999-12-31"


class Earliest(Func):
    """The earliest of some dates, ignoring the missing ones (NULL when all are): ``min`` over the dates found.

    PostgreSQL's ``LEAST`` ignores NULLs; SQLite's scalar ``MIN`` returns NULL when any argument is, so there
    each missing date stands in as a day after any real one and is turned back into NULL at the end.
    """

    output_field = DateField()
    function = "LEAST"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        if len(self.source_expressions) == 1:
            return compiler.compile(self.source_expressions[0])
        dates, params = [], []
        for expression in self.source_expressions:
            sql, more = compiler.compile(expression)
            dates.append(f"COALESCE({sql}, '{LATER_THAN_ANY}')")
            params.extend(more)
        return f"NULLIF(MIN({', '.join(dates)}), '{LATER_THAN_ANY}')", params


def _stale_file(rule: ReminderRule, on: datetime.date, base: QuerySet[Candidacy]) -> Iterator[DueItem]:
    """The first day the cell vote would be blocked by a document of the file going stale (domain.md A12),
    computed as the guard computes it: the earliest, over the forms of ``_freshness_rules``, of the newest
    copy's issue date plus its validity, the day after. The verification conclusion (TT-LL) counts, so the
    warning never names a later day than the one from which the vote is blocked.

    Without any such document yet: the file-opening date in the audit trail, else the current stage's
    entry, plus the shortest validity. One query over the candidacies (after two small reads: the catalogue's
    rows and the rules in force), the date computed per row in SQL.
    """
    rule_ids = _freshness_rules(on)
    if not rule_ids:
        return iter(())
    values = rule_values(set(rule_ids.values()), on=on)
    months = {code: int(values[rule_id]) for code, rule_id in rule_ids.items()}
    opened_on = Coalesce(_entered_on(Stage.FILE_OPEN), TruncDate("stage_entered_at"))
    per_form = [_stale_from(_newest_issued_on(code), months[code]) for code in sorted(months)]
    stale_on = Coalesce(Earliest(*per_form), _stale_from(opened_on, min(months.values())))
    return _stale_documents(rule, on, base, stages=FILE_STAGES, stale_on=stale_on, kind=RuleKind.STALE_FILE)


def _certificate_months(on: datetime.date) -> int | None:
    """The awareness certificate's validity as the cell-vote guard reads it: the document catalogue names
    the rulebook rule (``DocumentKind.validity_rule``), read as in force on ``on``. Stated there once."""
    rule_id = (
        DocumentKind.objects.filter(code=FormCode.AWARENESS_CERTIFICATE, is_active=True)
        .exclude(validity_rule="").values_list("validity_rule", flat=True).first()
    )  # fmt: skip
    return int(rule_values({rule_id}, on=on)[rule_id]) if rule_id else None


def _stale_certificate(rule: ReminderRule, on: datetime.date, base: QuerySet) -> Iterator[DueItem]:
    """The newest awareness-class certificate's issue date, else the day the class was recorded as done,
    plus the certificate's validity from the catalogue and the rulebook (as the guard reads it)."""
    months = _certificate_months(on)
    if months is None:
        return iter(())
    started_on = Coalesce(
        _newest_issued_on(FormCode.AWARENESS_CERTIFICATE),
        _entered_on(Stage.CLASS_DONE),
        TruncDate("stage_entered_at"),
    )
    return _stale_documents(rule, on, base, stages=CERTIFICATE_STAGES, stale_on=AddMonths(started_on, months),
                            kind=RuleKind.STALE_CERTIFICATE)  # fmt: skip


def _no_movement(rule: ReminderRule, on: datetime.date, base: QuerySet) -> Iterator[DueItem]:
    """Idle candidacies; ``due_on`` is the day of the last movement, so each idle spell is noticed once."""
    rows = (
        base.filter(stage__in=IDLE_STAGES)
        .annotate(last_moved=TruncDate("updated_at"), lead=Value(0, output_field=IntegerField()))
        .filter(last_moved__lte=add_months(on, -(rule.months or 0)))
        .exclude(_already_notified(RuleKind.NO_MOVEMENT, due_field="last_moved"))
        .values_list("pk", "cell__path", "stage", "last_moved")
    )
    for pk, path, stage, last_moved in _rows(rows):
        yield DueItem(pk, path, stage, last_moved, 0, Audience.CELL)


# Keyed by ``ReminderRule.kind`` (the stored string; a RuleKind member is that string).
def _verification_unanswered(rule: ReminderRule, on: datetime.date, base: QuerySet[Candidacy]) -> Iterator[DueItem]:
    """Verification letters still without a reply at least L working days after they were sent (the largest
    lead reached; each once). Due date: the day the letter went out. To the staff member chasing it and the
    grassroots staff. One query over the letters awaiting a reply (a partial index)."""
    bounds = _overdue_bounds(on, rule.lead_days)
    already = Notification.objects.filter(
        candidacy=OuterRef("subject__candidacy"), kind=RuleKind.VERIFICATION_UNANSWERED, due_on=OuterRef("sent_on"),
        lead_days=OuterRef("lead"),
    )  # fmt: skip
    rows = (
        VerificationRequest.objects.filter(replied_on__isnull=True, sent_on__lte=bounds[-1][1],
                                           subject__candidacy__in=base.values("pk"))
        .annotate(lead=_lead_case("sent_on", bounds, lookup="lte"))
        .exclude(Exists(already))
        .order_by()
        .values_list("subject__candidacy_id", "subject__candidacy__cell__path", "subject__candidacy__stage",
                     "sent_on", "lead", "assignee_id", "assignee__is_active")
    )  # fmt: skip
    for pk, path, stage, sent_on, lead, assignee, active in _rows(rows):
        yield DueItem(pk, path, stage, sent_on, lead, Audience.GRASSROOTS, (assignee,) if assignee and active else ())


FINDERS: dict[str, Callable[[ReminderRule, datetime.date, QuerySet[Candidacy]], Iterator[DueItem]]] = {
    RuleKind.UPCOMING_DEADLINE: _upcoming_deadlines,
    RuleKind.OVERDUE: _overdue_steps,
    RuleKind.PROBATION_ENDING: _probation_ending,
    RuleKind.STALE_FILE: _stale_file,
    RuleKind.STALE_CERTIFICATE: _stale_certificate,
    RuleKind.NO_MOVEMENT: _no_movement,
    RuleKind.VERIFICATION_UNANSWERED: _verification_unanswered,
}


# --- Recipients -----------------------------------------------------------------------------------------


class Recipients:
    """Who holds which role where, loaded once per scan, answered per cell path from memory."""

    def __init__(self) -> None:
        self._by_path: dict[str, list[tuple[str, int]]] = defaultdict(list)
        assignments = RoleAssignment.objects.filter(
            role__in=CELL_ROLES | SUPERIOR_ROLES, user__is_active=True
        ).values_list("unit__path", "role", "user_id")
        for path, role, user_id in assignments.iterator(chunk_size=CHUNK_SIZE):
            self._by_path[path].append((role, user_id))
        self._cache: dict[tuple[str, str], tuple[int, ...]] = {}

    def _holders(self, paths: Iterable[str], roles: frozenset) -> tuple[int, ...]:
        return tuple(sorted({user for path in paths for role, user in self._by_path.get(path, ()) if role in roles}))

    def for_unit(self, path: str) -> tuple[int, ...]:
        """The people of a committee or cell itself, else the staff of the committees above it."""
        ancestors = [path[:end] for end in range(STEPLEN, len(path), STEPLEN)]
        return self._holders([path], CELL_ROLES | SUPERIOR_ROLES) or self._holders(ancestors, SUPERIOR_ROLES)

    def for_cell(self, path: str, audience: str) -> tuple[int, ...]:
        """User ids to notify. A cell with nobody in charge escalates to its superiors, so nothing is lost."""
        key = (path, audience)
        if key not in self._cache:
            ancestors = [path[:end] for end in range(STEPLEN, len(path), STEPLEN)]
            users: tuple[int, ...] = ()
            if audience == Audience.CELL:
                users = self._holders([path], CELL_ROLES)
            elif audience == Audience.SECRETARY:
                users = self._holders([path], SECRETARY_ROLES) or self._holders([path], CELL_ROLES)
            elif audience == Audience.GRASSROOTS:
                # The nearest committee above the cell with staff: the grassroots organisation's.
                users = next((found for ancestor in reversed(ancestors)
                              if (found := self._holders([ancestor], GRASSROOTS_ROLES))), ())  # fmt: skip
            self._cache[key] = users or self._holders(ancestors, SUPERIOR_ROLES)
        return self._cache[key]


def _behind_target(on: datetime.date, recipients: "Recipients") -> list[Notification]:
    """Monthly notes to committees behind target pace, one per unit grouping its target kinds.

    Figures come from ``partycell.targets.selectors.achievement.unit_achievements``, the selector
    the dashboard shows, so the two never disagree. Two queries per unit with a running target that
    has not had its note this month; units noted already are skipped in one query.
    """
    month = on.replace(day=1)
    noted = Notification.objects.filter(kind=RuleKind.BEHIND_TARGET, due_on=month).values("unit_id")
    targets = (
        Target.objects.filter(period__starts_on__lte=on, period__ends_on__gte=on, dimension=Dimension.TOTAL)
        .exclude(unit_id__in=noted)
        .select_related("unit", "period")
        .order_by("unit_id", "kind")
    )
    figures_by_unit: dict[Unit, list[dict]] = defaultdict(list)
    for target in targets:
        report = unit_achievements(unit=target.unit, period=target.period, kind=target.kind, today=on, children=[])
        total = report.own.total
        if total.behind_pace:
            figures_by_unit[target.unit].append({
                "target_kind": target.kind, "period": target.period.name, "period_id": target.period_id,
                "achieved": total.achieved, "expected": total.expected, "target": total.target,
            })  # fmt: skip
    return [
        Notification(
            recipient_id=user_id, kind=RuleKind.BEHIND_TARGET, unit=unit, due_on=month, details={"figures": figures}
        )
        for unit, figures in figures_by_unit.items()
        for user_id in recipients.for_unit(unit.path)
    ]  # fmt: skip


REVIEW_RULE = "sympathiser_list.monthly_review"


def sympathiser_review_committees(on: datetime.date) -> QuerySet[Unit]:
    """The committees that review their cells' sympathiser lists this month (domain.md A2), where the
    rulebook's ``sympathiser_list.monthly_review`` is in force and true on ``on``; none otherwise.

    The reviewer of a cell's proposals is its grassroots committee; for a grassroots cell (no grassroots
    committee above it), the commune committee above. So: every active grassroots committee with an
    active cell under it, and every active upper-grassroots committee with an active grassroots cell.
    """
    try:
        in_force = rule_value(REVIEW_RULE, on=on)
    except RuleNotInForce:
        return Unit.objects.none()
    if in_force is not True:
        return Unit.objects.none()
    active_cells = Unit.objects.filter(is_active=True, kind__is_cell=True, path__startswith=OuterRef("path"))
    # The kinds as subqueries on the unit's own column, not a join: PostgreSQL then tests the kind before the
    # correlated EXISTS, instead of running the EXISTS for every unit (2.5 s at 2,000 cells, on every scan).
    grassroots = Q(kind__in=UnitKind.objects.filter(is_grassroots=True, is_cell=False)) & Exists(active_cells)
    upper = Q(kind__in=UnitKind.objects.filter(is_upper_grassroots=True)) & Exists(
        active_cells.filter(kind__is_grassroots=True)
    )
    return Unit.objects.filter(grassroots | upper, is_active=True)


def _sympathiser_review(on: datetime.date, recipients: "Recipients") -> list[Notification]:
    """One monthly note per reviewing committee (due date: the first of the month) to its own people,
    else to the staff above it. Committees already noted this month are skipped by an anti-join, and the
    unit notices' unique key makes a second scan of the month insert nothing."""
    month = on.replace(day=1)
    noted = Notification.objects.filter(kind=RuleKind.SYMPATHISER_REVIEW, due_on=month, unit_id=OuterRef("pk"))
    committees = sympathiser_review_committees(on).exclude(Exists(noted)).only("pk", "path").order_by("path")
    return [
        Notification(recipient_id=user_id, kind=RuleKind.SYMPATHISER_REVIEW, unit_id=unit.pk, due_on=month)
        for unit in committees
        for user_id in recipients.for_unit(unit.path)
    ]


# --- The scan -------------------------------------------------------------------------------------------


def _batches(items: Iterable[DueItem], size: int) -> Iterator[list[DueItem]]:
    batch: list[DueItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# PostgreSQL: a batch of notices in one statement, as arrays (no model instance per notice); the columns the
# scan does not set take the values a new ``Notification`` has (no details, not claimed, created now). The
# numbers and dates travel as one comma-separated text each, split by the server: Django binds parameters
# on the client, and quoting a list element by element cost more than the insert's own parsing.
_INSERT_NOTICES = (
    "INSERT INTO notifications_notification (recipient_id, kind, candidacy_id, due_on, lead_days, stage, details, "
    "email_claim, created_at) SELECT recipient, %s, candidacy, due_on, lead_days, stage, '{}'::jsonb, '', %s "
    "FROM unnest(string_to_array(%s, ',')::bigint[], string_to_array(%s, ',')::bigint[], "
    "string_to_array(%s, ',')::date[], string_to_array(%s, ',')::smallint[], %s::text[]) "
    "AS notice(recipient, candidacy, due_on, lead_days, stage) ON CONFLICT DO NOTHING"
)


def _joined(values: Iterable[object]) -> str:
    return ",".join(map(str, values))  # integers and ISO dates: no comma inside a value


def _record(kind: str, batch: list[DueItem], recipients: Recipients) -> int:
    """Insert one notice per (item, recipient); rows already there are skipped by the unique key."""
    notices = [
        (user_id, item.candidacy_id, item.due_on, item.lead_days, item.stage)
        for item in batch
        for user_id in dict.fromkeys((*recipients.for_cell(item.cell_path, item.audience), *item.also))
    ]
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(notices), CHUNK_SIZE):
                users, candidacies, dues, leads, stages = zip(*notices[start : start + CHUNK_SIZE], strict=True)
                numbers = [_joined(users), _joined(candidacies), _joined(dues), _joined(leads)]
                cursor.execute(_INSERT_NOTICES, [kind, timezone.now(), *numbers, list(stages)])
        return len(notices)
    rows = [
        Notification(recipient_id=user_id, kind=kind, candidacy_id=candidacy_id, due_on=due_on, lead_days=lead,
                     stage=stage)
        for user_id, candidacy_id, due_on, lead, stage in notices
    ]  # fmt: skip
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=CHUNK_SIZE, ignore_conflicts=True)
    return len(notices)  # attempted: rows the unique key already held are included


def _refresh_statistics(inserted: int) -> None:
    """After a large backlog insert, let PostgreSQL see the notice table's new size before the next rule."""
    if inserted >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Notification._meta.db_table}")


# Unit-level rules (no candidacy): monthly notes to committees.
UNIT_FINDERS: dict[str, Callable[[datetime.date, Recipients], list[Notification]]] = {
    RuleKind.BEHIND_TARGET: _behind_target,
    RuleKind.SYMPATHISER_REVIEW: _sympathiser_review,
}


def reminders_scan(*, on: datetime.date, candidacy_ids: Iterable[int] | None = None) -> ScanResult:
    """Record every notice due on ``on``; safe to run any number of times.

    1. Open a ``ReminderScan`` row (when it ran, for operators and for the broker test).
    2. Load the role holders once.
    3. For each active rule, stream its due rows in chunks and bulk-insert the notices, ignoring
       the ones the unique key already holds.
    4. Close the scan row with the number of due items and of notices actually inserted.
    """
    scan = ReminderScan.objects.create(on=on, whole=candidacy_ids is None)
    # Notices inserted by this scan are those past the last id now (a primary-key range, not a table scan).
    last_id = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    recipients = Recipients()
    base = _open_candidacies(candidacy_ids)
    result = ScanResult()
    with _plain_plans():
        for rule in ReminderRule.objects.filter(is_active=True):
            if rule.kind == RuleKind.STEP_RECORDED:  # events, of closed cases too: not from ``base``
                for batch in _batches(_steps_recorded(on, candidacy_ids), CHUNK_SIZE):
                    result.due_items += len(batch)
                    _refresh_statistics(_record(rule.kind, batch, recipients))
                continue
            if rule.kind in UNIT_FINDERS:
                if candidacy_ids is None:  # a unit-level rule: not part of a one-candidacy scan
                    with transaction.atomic():
                        notices = UNIT_FINDERS[rule.kind](on, recipients)
                        Notification.objects.bulk_create(notices, ignore_conflicts=True)
                continue
            finder = FINDERS.get(rule.kind)
            if finder is None:
                continue
            inserted = 0
            for batch in _batches(finder(rule, on, base), CHUNK_SIZE):
                result.due_items += len(batch)
                inserted += _record(rule.kind, batch, recipients)
            _refresh_statistics(inserted)
    result.notices_created = Notification.objects.filter(id__gt=last_id).count()
    ReminderScan.objects.filter(pk=scan.pk).update(
        finished_at=timezone.now(), candidacies_due=result.due_items, notices_created=result.notices_created
    )
    logger.info("Reminder scan for %s: %s due items, %s new notices.", on, result.due_items, result.notices_created)
    return result


def reminders_run(*, on: datetime.date, candidacy_ids: Iterable[int] | None = None) -> int:
    """The scheduled job: record the notices due on ``on``, then e-mail those whose recipients want them at once.

    Returns the number of new notices. Digests are a separate daily job (``notifications_send_digests``).
    """
    result = reminders_scan(on=on, candidacy_ids=candidacy_ids)
    notifications_send_immediate()
    return result.notices_created

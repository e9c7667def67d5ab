"""The compliance audit of a subtree: late decisions, ceremonies and votes, overdue probation,
escalated cases, and units whose removals are high relative to their admissions.

Deadlines are the ones the workflow stored, never a recount: for open cases the candidacy's
``stage_due_on``; for acts already done, the ``due_on`` its audit trail held just before the act
(``workflows.selectors.deadlines_before_entering``). Rows recorded before deadlines were stored on the
trail fall back to ``workflows.deadlines.window_due_on``, the workflow's own computation. Candidates
are pre-filtered in SQL with a calendar-day bound (N working days are never fewer than N calendar
days). Stage groups come from ``workflows.enums``.
"""

import contextlib
import datetime
import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import BooleanField, Count, DateField, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partycell.organisations.models import Unit
from partycell.rulebook.calendar import add_months, days_read, overrides_loaded
from partycell.rulebook.selectors import rule_value, rule_versions, rules_loaded
from partycell.targets.models import Period
from partycell.targets.selectors.achievement import steps_counted_in
from partycell.targets.selectors.tree import child_prefix, in_subtree
from workflows.deadlines import (
    ADMISSION_DECISION,
    CEREMONY,
    EXTENSION_RULE,
    PROBATION_MONTHS,
    RECOGNITION_VOTE,
    window_due_on,
)
from workflows.enums import AWAITING_ADMISSION_DECISION, OPEN, SERVING_PROBATION, Stage
from workflows.models import Candidacy
from workflows.selectors import deadlines_before_entering

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Check:
    LATE_ADMISSION_DECISION = "late_admission_decision"
    LATE_CEREMONY = "late_ceremony"
    PROBATION_OVERDUE = "probation_overdue"
    LATE_RECOGNITION_VOTE = "late_recognition_vote"
    ESCALATED = "escalated"


CHECK_LABELS = {
    Check.LATE_ADMISSION_DECISION: _("Admission decided after its deadline (cell resolution + 60 working days)"),
    Check.LATE_CEREMONY: _("Ceremony later than 30 working days after the decision was received"),
    Check.PROBATION_OVERDUE: _("Probation over 12 months ago, no recognition decision"),
    Check.LATE_RECOGNITION_VOTE: _("Recognition vote later than 30 working days after probation"),
    Check.ESCALATED: _("Escalated after three votes without two thirds"),
}


class CaseRow(NamedTuple):
    """What the audit reads of a case and what its page, report and export show: one row of a values
    query (building tens of thousands of Candidacy, Person and Unit objects was most of a province's
    audit time; a named tuple is built several times faster than a frozen dataclass).
    ``person`` and ``cell`` are the names, as the models' ``str`` gives them."""

    pk: int
    person_id: int
    person: str
    cell_id: int
    cell: str
    stage: str
    stage_due_on: datetime.date | None
    deadline_extended: bool
    cell_resolution_date: datetime.date | None
    admission_decision_date: datetime.date | None
    decision_received_on: datetime.date | None
    ceremony_date: datetime.date | None
    probation_ends_on: datetime.date | None
    recognition_vote_date: datetime.date | None

    def get_stage_display(self) -> str:
        return str(Stage(self.stage).label)


_COLUMNS = list(CaseRow._fields)
_COLUMNS[_COLUMNS.index("person")] = "person__full_name"
_COLUMNS[_COLUMNS.index("cell")] = "cell__name"


def _candidacies(unit: Unit) -> QuerySet[Candidacy]:
    return in_subtree(Candidacy.objects.all(), unit, through="cell__")


class Finding(NamedTuple):
    """One case a check found (tens of thousands in a province: a named tuple, cheap to build)."""

    check: str
    candidacy: CaseRow
    due_on: datetime.date | None
    done_on: datetime.date | None  # None: still not done
    today: datetime.date

    @property
    def days_late(self) -> int | None:
        """Calendar days between the deadline and the act (or today, when it has not happened)."""
        if self.due_on is None:
            return None
        return ((self.done_on or self.today) - self.due_on).days


@dataclass(frozen=True)
class RemovalRatio:
    unit: Unit
    admissions: int
    removals: int
    threshold: Decimal

    @property
    def ratio(self) -> Decimal | None:
        return None if not self.admissions else Decimal(self.removals) / self.admissions

    @property
    def is_high(self) -> bool:
        if self.removals == 0:
            return False
        return self.ratio is None or self.ratio > self.threshold


# The rules the audit computes deadlines with: the three windows it checks, the admission extension,
# and the months of probation (the audit reads every version of every rule once, ``rules_loaded()``).
_RULE_IDS = (ADMISSION_DECISION, EXTENSION_RULE[ADMISSION_DECISION], CEREMONY, RECOGNITION_VOTE, PROBATION_MONTHS)


class _Act(NamedTuple):
    """An act done in the period: its date, the deadline the trail stored before it (None for rows
    recorded before deadlines were stored), and the window the workflow would compute instead."""

    candidacy: CaseRow
    done_on: datetime.date
    stored_due: datetime.date | None
    start: datetime.date
    rule_id: str
    is_extended: bool = False


class _Deadlines:
    """The deadlines of one audit: stored ones first, the workflow's computation for old rows (memoised)."""

    def __init__(self) -> None:
        self._computed: dict[tuple[datetime.date, str, bool], datetime.date] = {}

    def rule(self, rule_id: str, on: datetime.date) -> int:
        return int(rule_value(rule_id, on=on))

    def stored(self, candidacies: QuerySet[Candidacy], *, entered: str) -> dict[int, datetime.date | None]:
        """The stored deadlines of the acts ``candidacies`` selects: the same filter as a subquery, so
        no list of thousands of ids is sent back to the database."""
        return deadlines_before_entering(candidacies=candidacies.values("pk"), stage=entered)

    def computed(self, start: datetime.date, rule_id: str, *, is_extended: bool = False) -> datetime.date:
        key = (start, rule_id, is_extended)
        if key not in self._computed:
            self._computed[key] = window_due_on(start, rule_id, is_extended=is_extended)
        return self._computed[key]

    def due_on(self, act: _Act) -> datetime.date:
        return act.stored_due or self.computed(act.start, act.rule_id, is_extended=act.is_extended)


def _later_than(field_name: str, start_field: str, days: int) -> Q:
    """``field_name`` more than ``days`` calendar days after ``start_field``: the SQL pre-filter."""
    bound = ExpressionWrapper(F(start_field) + datetime.timedelta(days=days), output_field=DateField())
    return Q(**{f"{field_name}__gt": bound})


def _min_rule(deadlines: _Deadlines, rule_id: str, period: Period) -> int:
    return min(deadlines.rule(rule_id, period.starts_on), deadlines.rule(rule_id, period.ends_on))


# The acts the audit judges, by the rule of their window: the act's date, the window's start, the stage
# the act enters (whose trail row stored the deadline).
_ACTS = {
    ADMISSION_DECISION: ("admission_decision_date", "cell_resolution_date", Stage.ADMISSION_DECIDED),
    CEREMONY: ("ceremony_date", "decision_received_on", Stage.PROBATIONARY),
    RECOGNITION_VOTE: ("recognition_vote_date", "probation_ends_on", Stage.RECOGNITION_PROPOSED),
}


def acts_in_period(*, unit: Unit, period: Period, deadlines: _Deadlines) -> dict[str, list[_Act]]:
    """Decisions, ceremonies and votes in the period later than their window counted in calendar days
    (the ones worth judging), by rule, in one query; then the deadlines their trail stored (one query
    per rule with acts)."""
    conditions = {
        rule_id: _later_than(done, start, _min_rule(deadlines, rule_id, period))
        & Q(**{f"{done}__range": (period.starts_on, period.ends_on)})
        for rule_id, (done, start, _entered) in _ACTS.items()
    }
    found = _cases_meeting(unit, conditions)
    acts: dict[str, list[_Act]] = {}
    for rule_id, (done, start, entered) in _ACTS.items():
        cases = found[rule_id]
        stored = deadlines.stored(_candidacies(unit).filter(conditions[rule_id]), entered=entered) if cases else {}
        # Both dates are set: the range and the _later_than filter exclude NULLs. Only the admission
        # decision's window is extended.
        acts[rule_id] = [
            _Act(case, getattr(case, done), stored.get(case.pk), getattr(case, start), rule_id,
                 rule_id == ADMISSION_DECISION and case.deadline_extended)
            for case in cases
        ]  # fmt: skip
    return acts


def _late(check: str, acts: list[_Act], *, today: datetime.date, deadlines: _Deadlines) -> list[Finding]:
    findings = []
    for act in acts:
        due = deadlines.due_on(act)
        if act.done_on > due:
            findings.append(Finding(check, act.candidacy, due, act.done_on, today))
    return findings


# Probationary members whose probation end was never stored: computed from the ceremony.
_PROBATION_END_UNKNOWN = "probation_end_unknown"


def _open_conditions(today: datetime.date) -> dict[str, Q]:
    """The open cases the checks list, by kind: steps past their stored deadline, probation over
    (stored end, or an end to compute from the ceremony), escalated cases."""
    on_probation = Q(stage__in=sorted(SERVING_PROBATION), recognition_decision_date__isnull=True)
    return {
        Check.LATE_ADMISSION_DECISION: Q(stage__in=sorted(AWAITING_ADMISSION_DECISION), stage_due_on__lt=today),
        Check.LATE_CEREMONY: Q(stage=Stage.ADMISSION_DECIDED, stage_due_on__lt=today),
        Check.LATE_RECOGNITION_VOTE: Q(stage=Stage.PROBATIONARY, stage_due_on__lt=today, probation_ends_on__lt=today),
        Check.PROBATION_OVERDUE: on_probation & Q(probation_ends_on__lt=today),
        _PROBATION_END_UNKNOWN: on_probation & Q(probation_ends_on__isnull=True, ceremony_date__isnull=False),
        Check.ESCALATED: Q(stage=Stage.ESCALATED) | (~Q(escalated_phase="") & Q(stage__in=sorted(OPEN))),
    }


def _cases_meeting(unit: Unit, conditions: dict[str, Q]) -> dict[str, list[CaseRow]]:
    """The cases of ``unit``'s subtree meeting each of ``conditions``, in one query: each condition is also
    a boolean column, so a case is listed under each one it meets, in the model's order as a query per
    condition would list them (one query instead of one per condition: most of a small unit's audit time)."""
    flags = {f"meets_{number}": ExpressionWrapper(condition, output_field=BooleanField())
             for number, condition in enumerate(conditions.values())}  # fmt: skip
    cases = _candidacies(unit).filter(reduce(operator.or_, conditions.values())).annotate(**flags)
    found: dict[str, list[CaseRow]] = {key: [] for key in conditions}
    width = len(_COLUMNS)
    for row in cases.values_list(*_COLUMNS, *flags):
        case = CaseRow._make(row[:width])
        for key, meets in zip(conditions, row[width:], strict=True):
            if meets:  # None (a comparison with NULL) as False, as the filter would
                found[key].append(case)
    return found


def open_cases(*, unit: Unit, today: datetime.date) -> dict[str, list[CaseRow]]:
    """The open cases of every kind in ``_open_conditions``, in one query."""
    return _cases_meeting(unit, _open_conditions(today))


def _open_past_due(check: str, cases: list[CaseRow], today: datetime.date) -> list[Finding]:
    return [Finding(check, c, c.stage_due_on, None, today) for c in cases]


def late_admission_decisions(
    *, waiting: list[CaseRow], today: datetime.date, acts: list[_Act], deadlines: _Deadlines
) -> list[Finding]:
    """Decisions in the period later than resolution + 60 (+30 if extended) working days; open ones overdue."""
    check = Check.LATE_ADMISSION_DECISION
    return _late(check, acts, today=today, deadlines=deadlines) + _open_past_due(check, waiting, today)


def late_ceremonies(
    *, waiting: list[CaseRow], today: datetime.date, acts: list[_Act], deadlines: _Deadlines
) -> list[Finding]:
    check = Check.LATE_CEREMONY
    return _late(check, acts, today=today, deadlines=deadlines) + _open_past_due(check, waiting, today)


def late_recognition_votes(
    *, waiting: list[CaseRow], today: datetime.date, acts: list[_Act], deadlines: _Deadlines
) -> list[Finding]:
    check = Check.LATE_RECOGNITION_VOTE
    return _late(check, acts, today=today, deadlines=deadlines) + _open_past_due(check, waiting, today)


def overdue_probations(
    *, stored: list[CaseRow], unknown: list[CaseRow], today: datetime.date, deadlines: _Deadlines
) -> list[Finding]:
    """Probationary members whose 12 months are over and who have no recognition decision yet: ``stored``
    past their stored end, then those of ``unknown`` end whose end, computed from the ceremony, is past."""
    findings = [Finding(Check.PROBATION_OVERDUE, c, c.probation_ends_on, None, today) for c in stored]
    for candidacy in unknown:
        assert candidacy.ceremony_date is not None  # filtered on above
        ends = add_months(candidacy.ceremony_date, deadlines.rule(PROBATION_MONTHS, candidacy.ceremony_date))
        if ends < today:
            findings.append(Finding(Check.PROBATION_OVERDUE, candidacy, ends, None, today))
    return findings


def _calendar_range(acts: list[_Act]) -> tuple[datetime.date, datetime.date] | None:
    """The days the computed deadlines read: from the earliest start to the latest start plus the
    longest window and extension of any version; None when every deadline was stored."""
    starts = [act.start for act in acts if act.stored_due is None]
    if not starts:
        return None
    versions = rule_versions(_RULE_IDS)
    longest = max(
        int(rule.typed_value)
        for rule_id in (ADMISSION_DECISION, CEREMONY, RECOGNITION_VOTE)
        for rule in versions[rule_id]
    )
    extension = max((int(rule.typed_value) for rule in versions[EXTENSION_RULE[ADMISSION_DECISION]]), default=0)
    reach = datetime.timedelta(days=days_read(longest) + days_read(extension))
    return min(starts), max(starts) + reach


def escalated_cases(*, cases: list[CaseRow], today: datetime.date) -> list[Finding]:
    return [Finding(Check.ESCALATED, c, c.stage_due_on, None, today) for c in cases]


def removal_ratios(*, unit: Unit, period: Period, threshold: Decimal) -> list[RemovalRatio]:
    """Removals from the probationary roll against admissions, per child unit, in one grouped query."""
    children = list(Unit.objects.get_children(unit))
    rows = (
        in_subtree(steps_counted_in(period), unit, through="cell__")
        .filter(to_stage__in=[Stage.ADMISSION_DECIDED, Stage.REMOVED])
        .annotate(prefix=child_prefix(unit, through="cell__"))
        .values("prefix", "to_stage")
        .annotate(n=Count("candidacy", distinct=True))
        .order_by()
    )
    counts = {(row["prefix"], row["to_stage"]): row["n"] for row in rows}
    return [
        RemovalRatio(
            unit=child,
            admissions=counts.get((child.path, Stage.ADMISSION_DECIDED), 0),
            removals=counts.get((child.path, Stage.REMOVED), 0),
            threshold=threshold,
        )
        for child in children or [unit]
    ]


@dataclass(frozen=True)
class ComplianceAudit:
    findings: dict[str, list[Finding]]
    removals: list[RemovalRatio]

    @property
    def sections(self) -> "list[tuple[str, StrPromise, list[Finding]]]":
        return [(check, CHECK_LABELS[check], self.findings[check]) for check in CHECK_LABELS]

    @property
    def high_removals(self) -> list[RemovalRatio]:
        return [ratio for ratio in self.removals if ratio.is_high]


def compliance_audit(
    *, unit: Unit, period: Period, today: datetime.date, removal_threshold: Decimal
) -> ComplianceAudit:
    """Every compliance check for ``unit``'s subtree: decisions in ``period``, open cases as of ``today``.

    A fixed number of queries whatever the subtree: the rulebook's versions are read once and the
    calendar's corrections once, for the days the computed deadlines reach.
    """
    deadlines = _Deadlines()
    with rules_loaded():
        acts = acts_in_period(unit=unit, period=period, deadlines=deadlines)
        admissions, ceremonies, votes = acts[ADMISSION_DECISION], acts[CEREMONY], acts[RECOGNITION_VOTE]
        days = _calendar_range([*admissions, *ceremonies, *votes])
        with overrides_loaded(*days) if days else contextlib.nullcontext():
            waiting = open_cases(unit=unit, today=today)
            findings = {
                Check.LATE_ADMISSION_DECISION: late_admission_decisions(
                    waiting=waiting[Check.LATE_ADMISSION_DECISION], today=today, acts=admissions, deadlines=deadlines
                ),
                Check.LATE_CEREMONY: late_ceremonies(
                    waiting=waiting[Check.LATE_CEREMONY], today=today, acts=ceremonies, deadlines=deadlines
                ),
                Check.PROBATION_OVERDUE: overdue_probations(
                    stored=waiting[Check.PROBATION_OVERDUE],
                    unknown=waiting[_PROBATION_END_UNKNOWN],
                    today=today,
                    deadlines=deadlines,
                ),
                Check.LATE_RECOGNITION_VOTE: late_recognition_votes(
                    waiting=waiting[Check.LATE_RECOGNITION_VOTE], today=today, acts=votes, deadlines=deadlines
                ),
                Check.ESCALATED: escalated_cases(cases=waiting[Check.ESCALATED], today=today),
            }
    return ComplianceAudit(
        findings=findings, removals=removal_ratios(unit=unit, period=period, threshold=removal_threshold)
    )

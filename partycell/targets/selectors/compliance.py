"""The compliance audit of a subtree: late decisions, ceremonies and votes, overdue probation,
escalated cases, and units whose removals are high relative to their admissions.

Deadlines come from the rulebook in force on the date the period starts to run (the cell resolution,
the receipt of the decision, the end of probation) and the working-day calendar. For cases still
open the stored ``stage_due_on`` is used, as the workflow computed it when the stage was entered.
Candidates are pre-filtered in SQL with a calendar-day bound (N working days are never fewer than N
calendar days), so deadlines are computed in Python only for plausible cases, once per distinct date.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DateField, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partycell.organisations.models import Unit
from partycell.rulebook.calendar import add_months, add_working_days
from partycell.rulebook.selectors import rule_value
from partycell.targets.models import Period
from partycell.targets.selectors.tree import child_prefix, in_subtree
from workflows.enums import AWAITING_ADMISSION_DECISION, OPEN, Stage
from workflows.models import Candidacy, TransitionLog

ADMISSION_DAYS = "deadline.admission_decision_working_days"
ADMISSION_EXTENSION_DAYS = "deadline.admission_decision_extension_working_days"
CEREMONY_DAYS = "deadline.ceremony_working_days"
PROBATION_MONTHS = "probation.months"
RECOGNITION_VOTE_DAYS = "deadline.recognition_vote_working_days"
PROBATION_STAGES = frozenset({Stage.PROBATIONARY, Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED})


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


@dataclass(frozen=True)
class Finding:
    check: str
    candidacy: Candidacy
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


class _Deadlines:
    """Rule values and working-day sums, memoised for one audit (one query per distinct date)."""

    def __init__(self) -> None:
        self._rules: dict[tuple[str, datetime.date], int] = {}
        self._days: dict[tuple[datetime.date, int], datetime.date] = {}

    def rule(self, rule_id: str, on: datetime.date) -> int:
        key = (rule_id, on)
        if key not in self._rules:
            self._rules[key] = int(rule_value(rule_id, on=on))
        return self._rules[key]

    def working_days_after(self, start: datetime.date, count: int) -> datetime.date:
        key = (start, count)
        if key not in self._days:
            self._days[key] = add_working_days(start, count)
        return self._days[key]

    def after(self, start: datetime.date, *rule_ids: str) -> datetime.date:
        return self.working_days_after(start, sum(self.rule(rule_id, start) for rule_id in rule_ids))


def _later_than(field_name: str, start_field: str, days: int) -> Q:
    """``field_name`` more than ``days`` calendar days after ``start_field``: the SQL pre-filter."""
    bound = ExpressionWrapper(F(start_field) + datetime.timedelta(days=days), output_field=DateField())
    return Q(**{f"{field_name}__gt": bound})


def _candidacies(unit: Unit) -> QuerySet[Candidacy]:
    return in_subtree(Candidacy.objects.select_related("person", "cell"), unit, through="cell__")


def _min_rule(deadlines: _Deadlines, rule_id: str, period: Period) -> int:
    return min(deadlines.rule(rule_id, period.starts_on), deadlines.rule(rule_id, period.ends_on))


def late_admission_decisions(*, unit: Unit, period: Period, today: datetime.date, deadlines: _Deadlines) -> list:
    """Decisions in the period later than resolution + 60 (+30 if extended) working days; open ones overdue."""
    findings = []
    decided = _candidacies(unit).filter(
        _later_than("admission_decision_date", "cell_resolution_date", _min_rule(deadlines, ADMISSION_DAYS, period)),
        admission_decision_date__range=(period.starts_on, period.ends_on),
    )
    for candidacy in decided:
        rules = [ADMISSION_DAYS] + ([ADMISSION_EXTENSION_DAYS] if candidacy.deadline_extended else [])
        due = deadlines.after(candidacy.cell_resolution_date, *rules)
        if candidacy.admission_decision_date > due:
            findings.append(
                Finding(Check.LATE_ADMISSION_DECISION, candidacy, due, candidacy.admission_decision_date, today)
            )
    waiting = _candidacies(unit).filter(stage__in=sorted(AWAITING_ADMISSION_DECISION), stage_due_on__lt=today)
    findings += [Finding(Check.LATE_ADMISSION_DECISION, c, c.stage_due_on, None, today) for c in waiting]
    return findings


def late_ceremonies(*, unit: Unit, period: Period, today: datetime.date, deadlines: _Deadlines) -> list:
    findings = []
    held = _candidacies(unit).filter(
        _later_than("ceremony_date", "decision_received_on", _min_rule(deadlines, CEREMONY_DAYS, period)),
        ceremony_date__range=(period.starts_on, period.ends_on),
    )
    for candidacy in held:
        due = deadlines.after(candidacy.decision_received_on, CEREMONY_DAYS)
        if candidacy.ceremony_date > due:
            findings.append(Finding(Check.LATE_CEREMONY, candidacy, due, candidacy.ceremony_date, today))
    waiting = _candidacies(unit).filter(stage=Stage.ADMISSION_DECIDED, stage_due_on__lt=today)
    findings += [Finding(Check.LATE_CEREMONY, c, c.stage_due_on, None, today) for c in waiting]
    return findings


def overdue_probations(*, unit: Unit, today: datetime.date, deadlines: _Deadlines) -> list:
    """Probationary members whose 12 months are over and who have no recognition decision yet."""
    findings = []
    on_probation = _candidacies(unit).filter(stage__in=sorted(PROBATION_STAGES), recognition_decision_date__isnull=True)
    stored = on_probation.filter(probation_ends_on__lt=today)
    findings += [Finding(Check.PROBATION_OVERDUE, c, c.probation_ends_on, None, today) for c in stored]
    for candidacy in on_probation.filter(probation_ends_on__isnull=True, ceremony_date__isnull=False):
        ends = add_months(candidacy.ceremony_date, deadlines.rule(PROBATION_MONTHS, candidacy.ceremony_date))
        if ends < today:
            findings.append(Finding(Check.PROBATION_OVERDUE, candidacy, ends, None, today))
    return findings


def late_recognition_votes(*, unit: Unit, period: Period, today: datetime.date, deadlines: _Deadlines) -> list:
    findings = []
    voted = _candidacies(unit).filter(
        _later_than("recognition_vote_date", "probation_ends_on", _min_rule(deadlines, RECOGNITION_VOTE_DAYS, period)),
        recognition_vote_date__range=(period.starts_on, period.ends_on),
    )
    for candidacy in voted:
        due = deadlines.after(candidacy.probation_ends_on, RECOGNITION_VOTE_DAYS)
        if candidacy.recognition_vote_date > due:
            findings.append(
                Finding(Check.LATE_RECOGNITION_VOTE, candidacy, due, candidacy.recognition_vote_date, today)
            )
    waiting = _candidacies(unit).filter(stage=Stage.PROBATIONARY, stage_due_on__lt=today, probation_ends_on__lt=today)
    findings += [Finding(Check.LATE_RECOGNITION_VOTE, c, c.stage_due_on, None, today) for c in waiting]
    return findings


def escalated_cases(*, unit: Unit, today: datetime.date) -> list:
    cases = _candidacies(unit).filter(Q(stage=Stage.ESCALATED) | (~Q(escalated_phase="") & Q(stage__in=sorted(OPEN))))
    return [Finding(Check.ESCALATED, c, c.stage_due_on, None, today) for c in cases]


def removal_ratios(*, unit: Unit, period: Period, threshold: Decimal) -> list[RemovalRatio]:
    """Removals from the probationary roll against admissions, per child unit, in one grouped query."""
    children = list(Unit.objects.get_children(unit))
    rows = (
        in_subtree(TransitionLog.objects, unit, through="cell__")
        .filter(
            to_stage__in=[Stage.ADMISSION_DECIDED, Stage.REMOVED], event_date__range=(period.starts_on, period.ends_on)
        )
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
    def sections(self) -> list[tuple[str, str, list[Finding]]]:
        return [(check, CHECK_LABELS[check], self.findings[check]) for check in CHECK_LABELS]

    @property
    def high_removals(self) -> list[RemovalRatio]:
        return [ratio for ratio in self.removals if ratio.is_high]


def compliance_audit(
    *, unit: Unit, period: Period, today: datetime.date, removal_threshold: Decimal
) -> ComplianceAudit:
    """Every compliance check for ``unit``'s subtree: decisions in ``period``, open cases as of ``today``."""
    deadlines = _Deadlines()
    return ComplianceAudit(
        findings={
            Check.LATE_ADMISSION_DECISION: late_admission_decisions(
                unit=unit, period=period, today=today, deadlines=deadlines
            ),
            Check.LATE_CEREMONY: late_ceremonies(unit=unit, period=period, today=today, deadlines=deadlines),
            Check.PROBATION_OVERDUE: overdue_probations(unit=unit, today=today, deadlines=deadlines),
            Check.LATE_RECOGNITION_VOTE: late_recognition_votes(
                unit=unit, period=period, today=today, deadlines=deadlines
            ),
            Check.ESCALATED: escalated_cases(unit=unit, today=today),
        },
        removals=removal_ratios(unit=unit, period=period, threshold=removal_threshold),
    )

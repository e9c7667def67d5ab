"""The compliance audit reads the rulebook and the calendar once, whatever the number of dates it judges,
and finds exactly what the per-date lookups find."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partycell.rulebook.calendar import add_working_days
from partycell.rulebook.models import CalendarDay, DayKind, Rule
from partycell.rulebook.selectors import rule_in_force
from partycell.targets.selectors.compliance import Check, compliance_audit
from tests.factories import CandidacyFactory, RuleFactory
from workflows.deadlines import ADMISSION_DECISION, CEREMONY, RECOGNITION_VOTE, window_due_on
from workflows.enums import Stage

TODAY = datetime.date(2026, 12, 20)
ONE_DAY = datetime.timedelta(days=1)
# A new regulation shortens the admission window from 1 April 2026; the government adds a day off
# and a make-up working Saturday inside the windows.
REFORM = datetime.date(2026, 4, 1)
DAY_OFF = datetime.date(2026, 4, 20)
WORKED_SATURDAY = datetime.date(2026, 5, 9)


@pytest.fixture
def reform(db):
    current = rule_in_force(ADMISSION_DECISION, on=REFORM)
    Rule.objects.filter(pk=current.pk).update(effective_to=REFORM - ONE_DAY)
    RuleFactory(rule_id=ADMISSION_DECISION, effective_from=REFORM, value="45", unit="working_days")
    CalendarDay.objects.create(date=DAY_OFF, kind=DayKind.DAY_OFF, reason="Nghỉ bổ sung")
    CalendarDay.objects.create(date=WORKED_SATURDAY, kind=DayKind.WORKING_DAY, reason="Làm bù")


def _audit(unit, period):
    return compliance_audit(unit=unit, period=period, today=TODAY, removal_threshold=Decimal("0.10"))


def _cases_around_each_deadline(cell, starts, *, rule_id, start_field, done_field, stage, extended=False):
    """For each start: acts one day early, on the deadline, one and five days late; return the expected
    late findings as the per-date lookups compute them (outside any loaded block)."""
    expected = set()
    for number, start in enumerate(starts):
        due = window_due_on(start, rule_id, is_extended=extended)
        for offset in (-1, 0, 1, 5):
            done = due + offset * ONE_DAY
            case = CandidacyFactory(cell=cell, stage=stage, deadline_extended=extended,
                                    person__full_name=f"{rule_id[9:14]} {number} {offset}",
                                    **{start_field: start, done_field: done})  # fmt: skip
            if done > due:
                expected.add((case.pk, due, done))
    return expected


def _found(findings):
    return {(finding.candidacy.pk, finding.due_on, finding.done_on) for finding in findings}


def test_compliance_findings_match_the_per_date_lookups_across_a_rule_change_and_calendar_overrides(
    tree, year_2026, reform
):
    resolutions = [datetime.date(2026, 1, 5) + datetime.timedelta(days=6 * n) for n in range(25)]
    admissions = _cases_around_each_deadline(
        tree.cell_a, resolutions, rule_id=ADMISSION_DECISION, start_field="cell_resolution_date",
        done_field="admission_decision_date", stage=Stage.ADMISSION_DECIDED,
    )  # fmt: skip
    admissions |= _cases_around_each_deadline(
        tree.cell_b, resolutions[::4], rule_id=ADMISSION_DECISION, start_field="cell_resolution_date",
        done_field="admission_decision_date", stage=Stage.ADMISSION_DECIDED, extended=True,
    )  # fmt: skip
    receipts = [datetime.date(2026, 3, 23) + datetime.timedelta(days=5 * n) for n in range(12)]
    ceremonies = _cases_around_each_deadline(
        tree.cell_c, receipts, rule_id=CEREMONY, start_field="decision_received_on",
        done_field="ceremony_date", stage=Stage.PROBATIONARY,
    )  # fmt: skip
    votes = _cases_around_each_deadline(
        tree.cell_a, receipts, rule_id=RECOGNITION_VOTE, start_field="probation_ends_on",
        done_field="recognition_vote_date", stage=Stage.RECOGNITION_PROPOSED,
    )  # fmt: skip

    audit = _audit(tree.province, year_2026)

    # The reform and both overrides move deadlines the audit judged.
    assert window_due_on(resolutions[0], ADMISSION_DECISION) != add_working_days(resolutions[0], 45)
    assert window_due_on(REFORM, ADMISSION_DECISION) == add_working_days(REFORM, 45)
    assert add_working_days(DAY_OFF - ONE_DAY, 1) != DAY_OFF
    assert add_working_days(WORKED_SATURDAY - ONE_DAY, 1) == WORKED_SATURDAY
    assert _found(audit.findings[Check.LATE_ADMISSION_DECISION]) == admissions
    assert _found(audit.findings[Check.LATE_CEREMONY]) == ceremonies
    assert _found(audit.findings[Check.LATE_RECOGNITION_VOTE]) == votes


def _queries(unit, period):
    with CaptureQueriesContext(connection) as captured:
        _audit(unit, period)
    return len(captured)


def test_compliance_audit_reads_as_many_queries_for_thirty_dates_as_for_three(tree, year_2026, reform):
    def add(cell, first, count):
        for n in range(count):
            start = first + datetime.timedelta(days=3 * n)
            CandidacyFactory(cell=cell, stage=Stage.ADMISSION_DECIDED, cell_resolution_date=start,
                             admission_decision_date=start + datetime.timedelta(days=200))  # fmt: skip
            CandidacyFactory(cell=cell, stage=Stage.PROBATIONARY, decision_received_on=start,
                             ceremony_date=start + datetime.timedelta(days=100))  # fmt: skip
            CandidacyFactory(cell=cell, stage=Stage.PROBATIONARY, ceremony_date=start - datetime.timedelta(days=400))

    add(tree.cell_a, datetime.date(2026, 1, 5), 3)
    few = _queries(tree.commune, year_2026)
    add(tree.cell_c, datetime.date(2026, 1, 6), 30)
    add(tree.other_cell, datetime.date(2026, 1, 7), 30)

    assert _queries(tree.province, year_2026) == few
    assert len(_audit(tree.province, year_2026).findings[Check.LATE_CEREMONY]) == 63

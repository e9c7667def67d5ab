import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from partycell.rulebook.calendar import add_working_days
from partycell.targets.selectors.compliance import Check, compliance_audit
from tests.factories import CandidacyFactory, TransitionLogFactory
from tests.targets.conftest import admit
from workflows.enums import Phase, Stage

TODAY = datetime.date(2026, 7, 2)
RESOLVED = datetime.date(2026, 3, 2)


def _audit(unit, period, threshold="0.10"):
    return compliance_audit(unit=unit, period=period, today=TODAY, removal_threshold=Decimal(threshold))


def _names(findings):
    return sorted(str(finding.candidacy.person) for finding in findings)


def test_compliance_admission_decided_after_60_working_days_is_listed(tree, year_2026):
    due = add_working_days(RESOLVED, 60)
    CandidacyFactory(
        cell=tree.cell_a,
        stage=Stage.PROBATIONARY,
        person__full_name="Trễ Hạn",
        cell_resolution_date=RESOLVED,
        admission_decision_date=due + datetime.timedelta(days=1),
    )
    CandidacyFactory(
        cell=tree.cell_a,
        stage=Stage.PROBATIONARY,
        person__full_name="Đúng Hạn",
        cell_resolution_date=RESOLVED,
        admission_decision_date=due,
    )
    CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, person__full_name="Được Gia Hạn",
                     cell_resolution_date=RESOLVED, admission_decision_date=due + datetime.timedelta(days=10),
                     deadline_extended=True)  # fmt: skip

    findings = _audit(tree.commune, year_2026).findings[Check.LATE_ADMISSION_DECISION]

    assert _names(findings) == ["Trễ Hạn"]
    assert (findings[0].due_on, findings[0].days_late) == (due, 1)


def test_compliance_open_case_past_its_stored_due_date_is_listed(tree, year_2026):
    CandidacyFactory(cell=tree.cell_b, stage=Stage.GRASSROOTS_APPROVED, person__full_name="Đang Chờ",
                     stage_due_on=datetime.date(2026, 6, 1))  # fmt: skip
    CandidacyFactory(cell=tree.cell_b, stage=Stage.GRASSROOTS_APPROVED, person__full_name="Còn Hạn",
                     stage_due_on=datetime.date(2026, 8, 1))  # fmt: skip

    findings = _audit(tree.commune, year_2026).findings[Check.LATE_ADMISSION_DECISION]

    assert _names(findings) == ["Đang Chờ"]
    assert findings[0].done_on is None and findings[0].days_late == 31


def test_compliance_late_ceremony_is_listed(tree, year_2026):
    received = datetime.date(2026, 5, 4)
    due = add_working_days(received, 30)
    CandidacyFactory(
        cell=tree.cell_c,
        stage=Stage.PROBATIONARY,
        person__full_name="Lễ Muộn",
        decision_received_on=received,
        ceremony_date=due + datetime.timedelta(days=3),
    )
    CandidacyFactory(cell=tree.cell_c, stage=Stage.PROBATIONARY, person__full_name="Lễ Đúng",
                     decision_received_on=received, ceremony_date=due)  # fmt: skip

    findings = _audit(tree.commune, year_2026).findings[Check.LATE_CEREMONY]

    assert _names(findings) == ["Lễ Muộn"]


def test_compliance_probation_over_without_recognition_is_listed(tree, year_2026):
    CandidacyFactory(
        cell=tree.cell_a,
        stage=Stage.PROBATIONARY,
        person__full_name="Quá Hạn Dự Bị",
        probation_ends_on=datetime.date(2026, 5, 1),
    )
    CandidacyFactory(
        cell=tree.cell_a,
        stage=Stage.PROBATIONARY,
        person__full_name="Chưa Hết Dự Bị",
        probation_ends_on=datetime.date(2026, 9, 1),
    )
    CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, person__full_name="Không Lưu Ngày",
                     ceremony_date=datetime.date(2025, 6, 1))  # fmt: skip

    findings = _audit(tree.commune, year_2026).findings[Check.PROBATION_OVERDUE]

    assert _names(findings) == ["Không Lưu Ngày", "Quá Hạn Dự Bị"]


def test_compliance_late_recognition_vote_is_listed(tree, year_2026):
    ended = datetime.date(2026, 2, 2)
    due = add_working_days(ended, 30)
    CandidacyFactory(
        cell=tree.cell_a,
        stage=Stage.RECOGNITION_PROPOSED,
        person__full_name="Họp Muộn",
        probation_ends_on=ended,
        recognition_vote_date=due + datetime.timedelta(days=2),
    )
    CandidacyFactory(cell=tree.cell_a, stage=Stage.RECOGNITION_PROPOSED, person__full_name="Họp Đúng",
                     probation_ends_on=ended, recognition_vote_date=due)  # fmt: skip

    findings = _audit(tree.commune, year_2026).findings[Check.LATE_RECOGNITION_VOTE]

    assert _names(findings) == ["Họp Muộn"]


def test_compliance_escalated_cases_are_listed(tree, year_2026):
    CandidacyFactory(cell=tree.cell_a, stage=Stage.ESCALATED, person__full_name="Ba Lần")
    CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, person__full_name="Đã Chuyển",
                     escalated_phase=Phase.RECOGNITION)  # fmt: skip
    CandidacyFactory(cell=tree.other_cell, stage=Stage.ESCALATED, person__full_name="Xã Khác")

    findings = _audit(tree.commune, year_2026).findings[Check.ESCALATED]

    assert _names(findings) == ["Ba Lần", "Đã Chuyển"]


def test_compliance_high_removals_relative_to_admissions_are_flagged(tree, year_2026):
    admit(tree.cell_a, on=datetime.date(2026, 2, 1), count=4)
    for candidacy in admit(tree.cell_b, on=datetime.date(2025, 2, 1), count=1):
        TransitionLogFactory(candidacy=candidacy, to_stage=Stage.REMOVED, event_date=datetime.date(2026, 3, 1))
    admit(tree.cell_c, on=datetime.date(2026, 2, 1), count=10)
    for candidacy in admit(tree.cell_c, on=datetime.date(2025, 2, 1), count=1):
        TransitionLogFactory(candidacy=candidacy, to_stage=Stage.REMOVED, event_date=datetime.date(2026, 3, 1))

    strict = _audit(tree.commune, year_2026, threshold="0.05")
    lenient = _audit(tree.commune, year_2026, threshold="0.50")

    assert [(r.unit.name, r.admissions, r.removals) for r in strict.removals] == [
        ("Đảng ủy Trường THPT Chu Văn An", 4, 1),
        ("Chi bộ Tổ dân phố 5", 10, 1),
    ]
    assert [r.unit.name for r in strict.high_removals] == ["Đảng ủy Trường THPT Chu Văn An", "Chi bộ Tổ dân phố 5"]
    assert lenient.high_removals == []


def test_compliance_page_shows_findings_and_threshold(client, tree, year_2026, auditor):
    CandidacyFactory(cell=tree.cell_a, stage=Stage.ESCALATED, person__full_name="Ba Lần")
    client.force_login(auditor)

    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        response = client.get(
            reverse("targets:compliance", args=[tree.commune.pk]),
            {"period": year_2026.pk, "threshold": "0,2"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    html = response.content.decode()
    assert "Escalated after three votes without two thirds" in html and "Ba Lần" in html
    assert 'value="0.2"' in html


@pytest.mark.parametrize("threshold", ["abc", "-1"])
def test_compliance_page_bad_threshold_falls_back_to_default(client, tree, year_2026, auditor, threshold):
    client.force_login(auditor)

    response = client.get(reverse("targets:compliance", args=[tree.commune.pk]), {"threshold": threshold})

    assert response.context["threshold"] == Decimal("0.10")


def test_compliance_reads_the_deadline_stored_on_the_trail_not_a_recount(tree, year_2026):
    """A day off added to the calendar after the decision must not change what the audit found."""
    stored_due = add_working_days(RESOLVED, 60)
    late = CandidacyFactory(cell=tree.cell_a, stage=Stage.ADMISSION_DECIDED, person__full_name="Đã Lưu Hạn",
                            cell_resolution_date=RESOLVED,
                            admission_decision_date=stored_due + datetime.timedelta(days=1))  # fmt: skip
    TransitionLogFactory(candidacy=late, action="cell_vote", from_stage=Stage.INTRODUCED,
                         to_stage=Stage.CELL_APPROVED, event_date=RESOLVED, due_on=stored_due)  # fmt: skip
    TransitionLogFactory(candidacy=late, action="admission_decide", from_stage=Stage.CELL_APPROVED,
                         to_stage=Stage.ADMISSION_DECIDED, event_date=late.admission_decision_date)  # fmt: skip
    # Someone later marks a day inside the window as a day off: a recount would move the deadline.
    from partycell.rulebook.models import CalendarDay, DayKind

    CalendarDay.objects.create(date=RESOLVED + datetime.timedelta(days=7), kind=DayKind.DAY_OFF, reason="Nghỉ bù")

    findings = _audit(tree.commune, year_2026).findings[Check.LATE_ADMISSION_DECISION]

    assert _names(findings) == ["Đã Lưu Hạn"]
    assert findings[0].due_on == stored_due


def test_compliance_page_links_each_finding_to_its_case_and_cell(client, tree, year_2026, auditor):
    case = CandidacyFactory(cell=tree.cell_a, stage=Stage.ESCALATED, person__full_name="Ba Lần")
    client.force_login(auditor)

    response = client.get(reverse("targets:compliance", args=[tree.province.pk]), {"period": year_2026.pk})

    html = response.content.decode()
    case_url = reverse("candidacy-detail", args=[case.pk])
    assert f'<a href="{case_url}">Ba Lần</a>' in html
    cell_url = f"{reverse('targets:unit', args=[tree.cell_a.pk])}?period={year_2026.pk}"
    assert f'<a href="{cell_url}">Chi bộ Giáo viên 1</a>' in html
    assert client.get(case_url).status_code == 200


def test_compliance_removals_link_to_the_unit_and_its_removed_cases(client, tree, year_2026, auditor):
    (removed,) = admit(tree.cell_c, on=datetime.date(2025, 2, 1), stage=Stage.REMOVED)
    TransitionLogFactory(candidacy=removed, to_stage=Stage.REMOVED, event_date=datetime.date(2026, 3, 1))
    client.force_login(auditor)

    html = client.get(reverse("targets:compliance", args=[tree.commune.pk]), {"period": year_2026.pk}).content.decode()
    listing = client.get(reverse("candidacy-list"), {"unit": tree.cell_c.pk, "stage": Stage.REMOVED})

    unit_url = f"{reverse('targets:unit', args=[tree.cell_c.pk])}?period={year_2026.pk}"
    assert f'<a href="{unit_url}">Chi bộ Tổ dân phố 5</a>' in html
    assert f'<a href="{reverse("candidacy-list")}?unit={tree.cell_c.pk}&amp;stage=removed">1</a>' in html
    assert [candidacy.pk for candidacy in listing.context["page"]] == [removed.pk]


def test_compliance_case_meeting_several_checks_is_listed_under_each(tree, year_2026):
    CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, person__full_name="Ba Lỗi",
                     stage_due_on=datetime.date(2026, 6, 1), probation_ends_on=datetime.date(2026, 5, 1),
                     escalated_phase=Phase.RECOGNITION)  # fmt: skip
    CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, person__full_name="Không Hạn",
                     stage_due_on=None, probation_ends_on=None)  # fmt: skip

    findings = _audit(tree.cell_a, year_2026).findings

    assert {check: _names(found) for check, found in findings.items()} == {
        Check.LATE_ADMISSION_DECISION: [], Check.LATE_CEREMONY: [], Check.PROBATION_OVERDUE: ["Ba Lỗi"],
        Check.LATE_RECOGNITION_VOTE: ["Ba Lỗi"], Check.ESCALATED: ["Ba Lỗi"],
    }  # fmt: skip


def test_compliance_open_cases_are_listed_newest_first_in_each_check(tree, year_2026):
    for number in range(3):
        CandidacyFactory(cell=tree.cell_b, stage=Stage.GRASSROOTS_APPROVED, person__full_name=f"Chờ {number}",
                         stage_due_on=datetime.date(2026, 6, 1))  # fmt: skip
        CandidacyFactory(cell=tree.cell_b, stage=Stage.ESCALATED, person__full_name=f"Chuyển {number}")

    findings = _audit(tree.commune, year_2026).findings

    assert [str(f.candidacy.person) for f in findings[Check.LATE_ADMISSION_DECISION]] == ["Chờ 2", "Chờ 1", "Chờ 0"]
    assert [str(f.candidacy.person) for f in findings[Check.ESCALATED]] == ["Chuyển 2", "Chuyển 1", "Chuyển 0"]


def test_compliance_case_late_at_several_acts_is_listed_under_each(tree, year_2026):
    decided = add_working_days(RESOLVED, 60) + datetime.timedelta(days=1)
    received = decided + datetime.timedelta(days=2)
    CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, person__full_name="Hai Lần Muộn",
                     cell_resolution_date=RESOLVED, admission_decision_date=decided, decision_received_on=received,
                     ceremony_date=add_working_days(received, 30) + datetime.timedelta(days=1))  # fmt: skip

    findings = _audit(tree.cell_a, year_2026).findings

    assert _names(findings[Check.LATE_ADMISSION_DECISION]) == _names(findings[Check.LATE_CEREMONY]) == ["Hai Lần Muộn"]
    assert [finding.days_late for finding in findings[Check.LATE_CEREMONY]] == [1]

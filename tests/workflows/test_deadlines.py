"""Deadlines stored on entering a stage, in working days of the Vietnamese calendar."""

import datetime

import pytest
import time_machine

from partycell.rulebook.calendar import working_days_between
from tests.factories import CandidacyFactory, DocumentFactory, MentorshipFactory
from tests.walk import D, perform, vote
from workflows import deadlines, services
from workflows.enums import FormCode, Stage
from workflows.exceptions import ActionNotAllowed


def _at(today: datetime.date):
    return time_machine.travel(datetime.datetime.combine(today, datetime.time(9)), tick=False)


def test_ceremony_deadline_skips_tet(tree, secretary, commune_standing):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED, cell_resolution_date=D(2026, 1, 5))
    data = {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-02-12", "received_on": "2026-02-13"}

    perform(commune_standing, candidacy, "admission_decide", data, today=D(2026, 2, 13))

    # 30 working days from Friday 13 February 2026; Tết closes 16-20 February: six weeks plus one.
    assert candidacy.stage_due_on == D(2026, 4, 3)
    assert candidacy.stage_due_rule == "deadline.ceremony_working_days"
    assert working_days_between(D(2026, 2, 13), candidacy.stage_due_on) == 30


def test_admission_decision_window_runs_60_working_days_from_the_cell_resolution(tree, secretary, roll_a):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED, person__date_of_birth=D(2000, 1, 1))
    codes = [FormCode.APPLICATION, FormCode.PERSONAL_HISTORY, FormCode.VERIFICATION, FormCode.INTRODUCTION]
    for code in [*codes, FormCode.COMMENTS_SUMMARY, FormCode.AWARENESS_CERTIFICATE]:
        DocumentFactory(candidacy=candidacy, form_code=code, issued_on=D(2026, 1, 5))
    for member in roll_a[:2]:
        MentorshipFactory(candidacy=candidacy, mentor=member.person)

    perform(secretary, candidacy, "cell_vote", vote(D(2026, 2, 13), in_favour=7), today=D(2026, 2, 13))

    assert candidacy.stage_due_rule == "deadline.admission_decision_working_days"
    assert working_days_between(D(2026, 2, 13), candidacy.stage_due_on) == 60
    assert candidacy.stage_due_on > D(2026, 2, 13) + datetime.timedelta(weeks=12)  # Tết and 30/4-1/5 skipped


def test_admission_window_keeps_running_through_the_grassroots_review(tree, grassroots_staff):
    candidacy = CandidacyFactory(
        cell=tree.cell_a, stage=Stage.CELL_APPROVED, cell_resolution_date=D(2026, 3, 3),
        stage_due_on=D(2026, 5, 29), stage_due_rule="deadline.admission_decision_working_days",
    )  # fmt: skip

    perform(grassroots_staff, candidacy, "grassroots_vote", vote(D(2026, 3, 20), in_favour=9, eligible=11),
            today=D(2026, 3, 20))  # fmt: skip

    assert candidacy.stage == Stage.GRASSROOTS_APPROVED
    assert candidacy.stage_due_on == D(2026, 5, 29)


def test_probation_ends_12_months_after_the_ceremony(tree, secretary):
    candidacy = CandidacyFactory(
        cell=tree.cell_a, stage=Stage.ADMISSION_DECIDED, admission_decision_date=D(2026, 4, 6),
        decision_received_on=D(2026, 4, 8),
    )  # fmt: skip

    perform(secretary, candidacy, "ceremony_hold", {"ceremony_date": "2026-04-20"}, today=D(2026, 4, 20))

    assert candidacy.probation_ends_on == D(2027, 4, 20)
    assert candidacy.stage_due_rule == "deadline.recognition_vote_working_days"
    assert working_days_between(D(2027, 4, 20), candidacy.stage_due_on) == 30


def test_recognition_decision_deadline_counts_from_the_cell_resolution(tree):
    candidacy = CandidacyFactory(
        cell=tree.cell_a, stage=Stage.RECOGNITION_PROPOSED, recognition_vote_date=D(2027, 5, 3)
    )

    deadlines.stage_deadline_apply(candidacy=candidacy, on=D(2027, 5, 3))

    assert candidacy.stage_due_rule == "deadline.recognition_decision_working_days"
    assert working_days_between(D(2027, 5, 3), candidacy.stage_due_on) == 30


def test_deadline_extension_adds_30_working_days_once_with_a_reason(tree, commune_standing):
    candidacy = CandidacyFactory(
        cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED, cell_resolution_date=D(2026, 1, 5),
        stage_due_on=D(2026, 4, 6), stage_due_rule="deadline.admission_decision_working_days",
    )  # fmt: skip

    with _at(D(2026, 3, 30)):
        services.deadline_extend(actor=commune_standing, candidacy=candidacy, reason="Chờ xác minh bổ sung")
        with pytest.raises(ActionNotAllowed) as second:
            services.deadline_extend(actor=commune_standing, candidacy=candidacy, reason="Lần nữa")

    assert working_days_between(D(2026, 4, 6), candidacy.stage_due_on) == 30
    assert candidacy.deadline_extended is True
    assert candidacy.deadline_extension_reason == "Chờ xác minh bổ sung"
    assert second.value.reasons == ["The deadline has already been extended once."]
    assert candidacy.transitions.get(action="deadline_extend").note == "Chờ xác minh bổ sung"


def test_deadline_of_the_ceremony_cannot_be_extended(tree, commune_standing):
    candidacy = CandidacyFactory(
        cell=tree.cell_a, stage=Stage.ADMISSION_DECIDED, stage_due_on=D(2026, 4, 6),
        stage_due_rule="deadline.ceremony_working_days",
    )  # fmt: skip

    with _at(D(2026, 3, 30)), pytest.raises(ActionNotAllowed):
        services.deadline_extend(actor=commune_standing, candidacy=candidacy, reason="x")

    candidacy.refresh_from_db()
    assert candidacy.stage_due_on == D(2026, 4, 6)

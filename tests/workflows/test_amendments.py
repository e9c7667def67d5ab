"""Amending a recorded step: a correction (new entry, evidence values and what derives from them, never
the stage) and a reversal (a declared action back to the stage before, undoing what the step derived).
The wrong entry is never updated; both go through the one gate."""

import pytest

from partycell.people.models import Membership, MembershipStatus
from partycell.targets.enums import PeriodKind, TargetKind
from partycell.targets.selectors.achievement import achievement_logs
from tests.factories import PeriodFactory, PersonFactory, Role, UserFactory, assign_role
from tests.walk import START, D, ServiceWalk, at
from workflows import gate, services
from workflows.amendment_services import step_correct, step_reverse
from workflows.amendments import effective_evidence
from workflows.enums import Action, FormCode, Stage
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
from workflows.models import Document, TransitionLog, Vote

TODAY = D(2026, 4, 10)


@pytest.fixture
def candidacy(tree, secretary):
    person = PersonFactory(unit=tree.cell_a, date_of_birth=D(1999, 4, 2))
    with at(START):
        return services.candidacy_create(actor=secretary, person=person, cell=tree.cell_a)


@pytest.fixture
def walk(candidacy, secretary, grassroots_staff, commune_standing, roll_a):
    return ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll_a[:2])  # fmt: skip


def entry_of(candidacy, action):
    return TransitionLog.objects.filter(candidacy=candidacy, action=action).latest("id")


def test_a_correction_of_the_cell_vote_is_its_own_entry_and_the_wrong_one_is_never_updated(walk, candidacy, secretary):
    walk.through("grassroots_vote")
    wrong = entry_of(candidacy, "cell_vote")
    original = dict(wrong.evidence)
    due_before = candidacy.stage_due_on

    with at(D(2026, 3, 25)):
        correction = step_correct(actor=secretary, entry=wrong, reason="Typed 03/03 for 02/03",
                                  data={"meeting_date": "2026-03-02", "against": 1})  # fmt: skip

    wrong.refresh_from_db()
    candidacy.refresh_from_db()
    vote = Vote.objects.get(pk=original["vote"]["id"])
    assert wrong.evidence == original  # never updated
    assert correction.corrects == wrong and correction.actor == secretary and correction.note == "Typed 03/03 for 02/03"
    assert correction.action == Action.STEP_CORRECT
    assert correction.from_stage == correction.to_stage == Stage.GRASSROOTS_APPROVED
    assert correction.evidence["changes"]["meeting_date"] == {"from": "2026-03-03", "to": "2026-03-02"}
    assert correction.evidence["changes"]["against"] == {"from": 0, "to": 1}
    assert (vote.meeting_date, vote.against, vote.passed) == (D(2026, 3, 2), 1, True)
    assert candidacy.cell_resolution_date == D(2026, 3, 2)
    assert candidacy.stage == Stage.GRASSROOTS_APPROVED
    # The 60 working days run from the corrected resolution, one working day earlier.
    assert candidacy.stage_due_on < due_before
    assert correction.due_on == candidacy.stage_due_on
    resolution = Document.objects.get(pk__in=original["documents"], form_code=FormCode.CELL_RESOLUTION)
    assert resolution.issued_on == D(2026, 3, 2)
    assert effective_evidence(wrong)["meeting_date"] == "2026-03-02"


def test_a_correction_that_would_flip_the_vote_is_refused_and_nothing_is_written(walk, candidacy, secretary):
    walk.through("cell_vote")
    wrong = entry_of(candidacy, "cell_vote")
    count = TransitionLog.objects.count()

    with at(D(2026, 3, 10)), pytest.raises(ActionNotAllowed, match="opposite outcome"):
        step_correct(actor=secretary, entry=wrong, reason="Counted wrong", data={"in_favour": 2, "against": 5})

    assert TransitionLog.objects.count() == count
    assert Vote.objects.get(pk=wrong.evidence["vote"]["id"]).in_favour == 6


def test_a_correction_needs_a_reason_and_a_changed_value(walk, candidacy, secretary):
    walk.through("cell_vote")
    wrong = entry_of(candidacy, "cell_vote")

    with at(D(2026, 3, 10)):
        with pytest.raises(EvidenceInvalid) as no_reason:
            step_correct(actor=secretary, entry=wrong, reason="  ", data={"against": 1})
        with pytest.raises(EvidenceInvalid) as unchanged:
            step_correct(actor=secretary, entry=wrong, reason="Nothing", data={})
        with pytest.raises(EvidenceInvalid) as impossible:
            step_correct(actor=secretary, entry=wrong, reason="Bad", data={"meeting_date": "2026-02-31"})

    assert "reason" in no_reason.value.errors
    assert "__all__" in unchanged.value.errors
    assert "meeting_date" in impossible.value.errors


def test_the_admission_decision_number_corrected_reaches_the_roll(walk, candidacy, commune_standing):
    walk.through("ceremony_hold")
    wrong = entry_of(candidacy, "admission_decide")

    with at(D(2026, 5, 2)):
        step_correct(actor=commune_standing, entry=wrong, reason="Number misread",
                     data={"decision_number": "126-QĐ/ĐU"})  # fmt: skip

    candidacy.refresh_from_db()
    assert candidacy.admission_decision_number == "126-QĐ/ĐU"
    assert Membership.objects.get(person=candidacy.person).admission_decision_number == "126-QĐ/ĐU"
    assert Document.objects.get(candidacy=candidacy, form_code=FormCode.ADMISSION_DECISION).number == "126-QĐ/ĐU"


def test_a_corrected_admission_counts_once_never_again_in_the_period_of_its_correction(
    tree, walk, candidacy, commune_standing
):
    walk.through("admission_decide")  # decided 06/04/2026
    decided_in = PeriodFactory(kind=PeriodKind.YEAR, starts_on=D(2026, 1, 1), ends_on=D(2026, 4, 6))
    corrected_in = PeriodFactory(kind=PeriodKind.YEAR, starts_on=D(2026, 4, 7), ends_on=D(2026, 6, 30))

    with at(TODAY):  # 10/04, in the second period: the correction's entry keeps the stage, so it never counts
        step_correct(actor=commune_standing, entry=entry_of(candidacy, "admission_decide"), reason="Number misread",
                     data={"decision_number": "126-QĐ/ĐU"})  # fmt: skip

    def counted(period):
        return achievement_logs(unit=tree.province, period=period, kind=TargetKind.ADMISSIONS).count()

    assert (counted(decided_in), counted(corrected_in)) == (1, 0)


def test_the_ceremony_date_corrected_moves_the_end_of_probation(walk, candidacy, secretary):
    walk.through("ceremony_hold")
    wrong = entry_of(candidacy, "ceremony_hold")

    with at(D(2026, 5, 2)):
        step_correct(actor=secretary, entry=wrong, reason="Held the 22nd", data={"ceremony_date": "2026-04-22"})

    candidacy.refresh_from_db()
    assert candidacy.ceremony_date == D(2026, 4, 22)
    assert candidacy.probation_ends_on == D(2027, 4, 22)
    assert Membership.objects.get(person=candidacy.person).ceremony_date == D(2026, 4, 22)


def test_who_may_correct_the_step_its_officers_and_the_deciding_committee_not_others(
    tree, walk, candidacy, secretary, commune_standing, auditor, outsider
):
    walk.through("cell_vote")
    wrong = entry_of(candidacy, "cell_vote")
    other_secretary = UserFactory()
    assign_role(other_secretary, Role.CELL_SECRETARY, tree.cell_b)

    def refusals(user, action=Action.STEP_CORRECT):
        return gate.amendment_refusals(user=user, entry=wrong, action=action, on=D(2026, 3, 10))

    assert refusals(secretary) == []
    assert refusals(commune_standing) == []
    assert refusals(auditor) and refusals(outsider) and refusals(other_secretary)
    with at(D(2026, 3, 10)), pytest.raises(ActionNotAllowed):
        step_correct(actor=other_secretary, entry=wrong, reason="Not mine", data={"against": 1})


def test_a_reversed_admission_decision_takes_the_case_back_and_off_the_roll(walk, candidacy, commune_standing):
    walk.through("admission_decide")
    wrong = entry_of(candidacy, "admission_decide")
    documents = list(wrong.evidence["documents"])
    assert Membership.objects.filter(person=candidacy.person, status=MembershipStatus.PROBATIONARY).exists()

    with at(TODAY):
        step_reverse(actor=commune_standing, entry=wrong, data={"reason": "Decided for the wrong person"})

    candidacy.refresh_from_db()
    reversal = entry_of(candidacy, Action.STEP_REVERSE)
    assert candidacy.stage == Stage.GRASSROOTS_APPROVED
    assert (candidacy.admission_decision_date, candidacy.admission_decision_number) == (None, "")
    assert not Membership.objects.filter(person=candidacy.person).exists()
    assert not Document.objects.filter(pk__in=documents).exists()
    assert candidacy.stage_due_rule == "deadline.admission_decision_working_days"
    assert reversal.corrects == wrong and reversal.from_stage == Stage.ADMISSION_DECIDED
    assert reversal.to_stage == Stage.GRASSROOTS_APPROVED and reversal.note == "Decided for the wrong person"
    assert reversal.evidence["documents_withdrawn"][0]["number"] == "125-QĐ/ĐU"
    # The decision can be recorded again, and the reversed one cannot be corrected nor reversed again.
    assert gate.judge(user=commune_standing, candidacy=candidacy, action="admission_decide").offered
    assert gate.amendment_refusals(user=commune_standing, entry=wrong, action=Action.STEP_REVERSE, on=TODAY)
    assert gate.amendment_refusals(user=commune_standing, entry=wrong, action=Action.STEP_CORRECT, on=TODAY)


def test_a_reversed_cell_vote_withdraws_the_vote_and_its_resolution(walk, candidacy, secretary):
    walk.through("cell_vote")
    wrong = entry_of(candidacy, "cell_vote")

    with at(D(2026, 3, 5)):
        step_reverse(actor=secretary, entry=wrong, data={"reason": "Recorded on the wrong file"})

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.INTRODUCED
    assert candidacy.cell_resolution_date is None and candidacy.stage_due_on is None
    assert candidacy.failed_vote_count == 0
    assert not Vote.objects.filter(candidacy=candidacy).exists()
    assert not Document.objects.filter(candidacy=candidacy, form_code=FormCode.CELL_RESOLUTION).exists()


def test_only_the_last_step_of_an_open_case_is_reversed(walk, candidacy, secretary, commune_standing):
    walk.through("grassroots_vote")
    earlier = entry_of(candidacy, "cell_vote")

    reasons = gate.amendment_refusals(user=commune_standing, entry=earlier, action=Action.STEP_REVERSE,
                                      on=D(2026, 3, 25))  # fmt: skip

    assert reasons == ["Only the last step of the case can be reversed; reverse the later steps first."]
    with at(D(2026, 3, 25)), pytest.raises(ActionNotAllowed):
        step_reverse(actor=commune_standing, entry=earlier, data={"reason": "x"})


def test_a_closed_case_and_a_ceremony_after_its_probation_are_not_reversed(walk, candidacy, commune_standing):
    walk.through("recognition_vote")
    ceremony = entry_of(candidacy, "ceremony_hold")
    vote_entry = entry_of(candidacy, "recognition_vote")
    walk.through("recognition_decide")
    decision = entry_of(candidacy, "recognition_decide")

    closed = gate.amendment_refusals(user=commune_standing, entry=decision, action=Action.STEP_REVERSE,
                                     on=D(2027, 6, 2))  # fmt: skip
    assert closed == ["The file is closed; a closed case is not reopened by reversing a step."]
    assert gate.amendment_refusals(user=commune_standing, entry=vote_entry, action=Action.STEP_REVERSE,
                                   on=D(2027, 6, 2))  # fmt: skip
    assert ceremony.action == "ceremony_hold"


def test_a_ceremony_is_reversible_during_probation_only(walk, candidacy, secretary):
    walk.through("ceremony_hold")
    ceremony = entry_of(candidacy, "ceremony_hold")

    late = gate.amendment_refusals(user=secretary, entry=ceremony, action=Action.STEP_REVERSE, on=D(2027, 4, 21))
    assert late == ["The 12 months of probation counted from this ceremony have run; it can no longer be reversed."]

    with at(D(2026, 4, 25)):
        step_reverse(actor=secretary, entry=ceremony, data={"reason": "Ceremony postponed"})
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.ADMISSION_DECIDED
    assert candidacy.ceremony_date is None and candidacy.probation_ends_on is None
    assert candidacy.stage_due_rule == "deadline.ceremony_working_days"
    assert Membership.objects.get(person=candidacy.person).ceremony_date is None


def test_a_reversal_needs_a_reason(walk, candidacy, secretary):
    walk.through("cell_vote")
    wrong = entry_of(candidacy, "cell_vote")

    with at(D(2026, 3, 5)), pytest.raises(EvidenceInvalid):
        step_reverse(actor=secretary, entry=wrong, data={"reason": ""})

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.CELL_APPROVED


def test_a_reversed_admission_and_a_reversed_ceremony_never_count_as_admissions(
    tree, walk, candidacy, secretary, commune_standing
):
    from partycell.targets.enums import TargetKind
    from partycell.targets.selectors.achievement import achievement_logs
    from tests.factories import PeriodFactory

    period = PeriodFactory()
    walk.through("admission_decide")
    with at(TODAY):
        step_reverse(actor=commune_standing, entry=entry_of(candidacy, "admission_decide"), data={"reason": "Nhầm"})

    def admissions():
        return achievement_logs(unit=tree.province, period=period, kind=TargetKind.ADMISSIONS).count()

    assert admissions() == 0
    candidacy.refresh_from_db()
    with at(D(2026, 4, 12)):
        services.candidacy_perform(actor=commune_standing, candidacy=candidacy, action="admission_decide",
                                   data={"decision_number": "127-QĐ/ĐU", "decision_date": "2026-04-11"})  # fmt: skip
    with at(D(2026, 4, 20)):
        services.candidacy_perform(actor=secretary, candidacy=candidacy, action="ceremony_hold",
                                   data={"ceremony_date": "2026-04-20"})  # fmt: skip
    with at(D(2026, 4, 22)):
        step_reverse(actor=secretary, entry=entry_of(candidacy, "ceremony_hold"), data={"reason": "Hoãn lễ"})

    # The reversal of the ceremony enters "admission decided" again: it is no second admission.
    assert admissions() == 1
    assert achievement_logs(unit=tree.province, period=period, kind=TargetKind.ADMISSIONS).get().event_date == D(
        2026, 4, 11
    )

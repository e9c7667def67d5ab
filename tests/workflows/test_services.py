import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from partycell.people.models import Membership, MembershipStatus
from tests.factories import CandidacyFactory, MembershipFactory, PersonFactory
from tests.files import pdf_bytes
from tests.walk import START, D, ServiceWalk, at, perform, vote
from workflows import gate, services
from workflows.enums import FormCode, MentorKind, Stage
from workflows.evidence import CellVoteForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy
from workflows.models import Candidacy, TransitionLog


@pytest.fixture
def candidacy(tree, secretary):
    person = PersonFactory(unit=tree.cell_a, date_of_birth=D(1999, 4, 2))
    with at(START):
        return services.candidacy_create(actor=secretary, person=person, cell=tree.cell_a)


def test_full_walk_makes_the_person_an_official_member_on_the_roll(
    tree, candidacy, secretary, grassroots_staff, commune_standing, roll_a
):
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll_a[:2])  # fmt: skip

    walk.through("recognition_decide")

    membership = Membership.objects.get(person=candidacy.person)
    assert candidacy.stage == Stage.OFFICIAL
    assert membership.status == MembershipStatus.OFFICIAL
    assert membership.admission_decision_date == D(2026, 4, 6)
    assert membership.recognition_date == D(2027, 4, 20)
    assert list(
        TransitionLog.objects.filter(candidacy=candidacy).stage_changes().values_list("to_stage", flat=True)
    ) == [
        Stage.SOURCE,
        Stage.SYMPATHISER,
        Stage.CLASS_DONE,
        Stage.FILE_OPEN,
        Stage.VERIFIED,
        Stage.INTRODUCED,
        Stage.CELL_APPROVED,
        Stage.GRASSROOTS_APPROVED,
        Stage.ADMISSION_DECIDED,
        Stage.PROBATIONARY,
        Stage.RECOGNITION_PROPOSED,
        Stage.RECOGNITION_REVIEWED,
        Stage.OFFICIAL,
    ]


# --- Creation, concurrency and failures that change nothing -------------------------------------------------


def test_candidacy_create_logs_the_first_row(candidacy, secretary):
    log = candidacy.transitions.get()

    assert (log.action, log.from_stage, log.to_stage, log.actor) == ("candidacy_create", "", Stage.SOURCE, secretary)


def test_candidacy_create_refuses_a_second_open_candidacy(candidacy, secretary, tree):
    with pytest.raises(ActionNotAllowed) as refused:
        services.candidacy_create(actor=secretary, person=candidacy.person, cell=tree.cell_a)

    assert refused.value.reasons == ["This person already has an open candidacy."]


def test_stale_copy_gets_stale_candidacy_and_the_first_write_wins(candidacy, secretary):
    first = Candidacy.objects.get(pk=candidacy.pk)
    second = Candidacy.objects.get(pk=candidacy.pk)

    perform(secretary, first, "sympathiser_add", {"resolution_date": "2025-09-05"}, today=D(2025, 9, 5))
    with pytest.raises(StaleCandidacy) as stale:
        perform(secretary, second, "cell_reject", {"exit_date": "2025-09-05", "reason": "x"}, today=D(2025, 9, 5))

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.SYMPATHISER
    assert "changed by someone else" in stale.value.message
    assert candidacy.transitions.count() == 2


def test_expected_stage_that_no_longer_holds_is_stale(candidacy, secretary):
    with pytest.raises(StaleCandidacy):
        services.candidacy_perform(
            actor=secretary, candidacy=candidacy, action="sympathiser_add",
            data={"resolution_date": "2025-09-05"}, expected_stage=Stage.SYMPATHISER,
        )  # fmt: skip


def test_concurrent_transition_at_save_is_reported_as_stale(candidacy, secretary):
    other = Candidacy.objects.get(pk=candidacy.pk)
    perform(secretary, other, "sympathiser_add", {"resolution_date": "2025-09-05"}, today=D(2025, 9, 5))
    Candidacy.objects.filter(pk=candidacy.pk).update(updated_at=candidacy.updated_at)  # defeat the lock check

    with pytest.raises(StaleCandidacy):
        perform(secretary, candidacy, "sympathiser_add", {"resolution_date": "2025-09-05"}, today=D(2025, 9, 5))

    assert Candidacy.objects.get(pk=candidacy.pk).transitions.count() == 2


def test_bad_ballots_leave_everything_unchanged(tree, secretary, candidacy):
    before = _snapshot(candidacy)

    with pytest.raises(EvidenceInvalid) as invalid:
        services.candidacy_perform(
            actor=secretary, candidacy=candidacy, action="sympathiser_add", data={"resolution_date": "2099-01-01"}
        )

    assert invalid.value.errors == {"resolution_date": ["This date is in the future."]}
    assert _snapshot(candidacy) == before


def test_vote_with_more_ballots_than_members_present_is_refused(tree, secretary, roll_a):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)

    with pytest.raises(EvidenceInvalid) as invalid:
        perform(secretary, candidacy, "cell_vote", vote(D(2026, 3, 3), in_favour=5, against=3, present=7),
                today=D(2026, 3, 3))  # fmt: skip

    assert invalid.value.errors["__all__"] == ["Votes in favour and against (8) exceed the members present (7)."]
    assert candidacy.votes.count() == 0
    assert candidacy.stage == Stage.INTRODUCED


def test_vote_eligible_different_from_the_roll_needs_a_reason(tree, secretary, roll_a):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)

    with pytest.raises(EvidenceInvalid) as invalid:
        perform(secretary, candidacy, "cell_vote", vote(D(2026, 3, 3), in_favour=5, eligible=6, present=6),
                today=D(2026, 3, 3))  # fmt: skip

    assert list(invalid.value.errors) == ["eligible_override_reason"]


def test_guard_failure_rolls_back_the_documents_already_saved(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    before = _snapshot(candidacy)

    with pytest.raises(ActionNotAllowed) as refused:
        perform(secretary, candidacy, "introduction_record",
                {"introduction_date": "2026-02-03", "comments_date": "2026-02-20"}, today=D(2026, 2, 20))  # fmt: skip

    assert refused.value.reasons == ["2 qualified introducer(s) are needed; 0 recorded."]
    assert _snapshot(candidacy) == before
    assert candidacy.stage == Stage.VERIFIED


def test_outsider_is_refused_before_anything_is_written(candidacy, outsider):
    with pytest.raises(ActionNotAllowed):
        perform(outsider, candidacy, "sympathiser_add", {"resolution_date": "2025-09-05"}, today=D(2025, 9, 5))

    assert candidacy.transitions.count() == 1


def _snapshot(candidacy):
    fresh = Candidacy.objects.get(pk=candidacy.pk)
    return (fresh.stage, fresh.updated_at, fresh.documents.count(), fresh.votes.count(), fresh.transitions.count())


# --- Uploads ------------------------------------------------------------------------------------------------


def test_scan_that_is_not_pdf_jpeg_or_png_is_refused_whatever_its_name(candidacy, secretary):
    fake = SimpleUploadedFile("nghi-quyet.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(EvidenceInvalid) as invalid:
        services.candidacy_perform(actor=secretary, candidacy=candidacy, action="sympathiser_add",
                                   data={"resolution_date": "2025-09-05"}, files={"resolution_file": fake})  # fmt: skip

    assert invalid.value.errors == {"resolution_file": ["Upload a PDF, JPEG or PNG scan."]}


def test_scan_larger_than_the_limit_is_refused(candidacy, secretary, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10
    scan = SimpleUploadedFile("nq.pdf", b"%PDF-1.7 " + b"x" * 20, content_type="application/pdf")

    with pytest.raises(EvidenceInvalid) as invalid:
        services.candidacy_perform(actor=secretary, candidacy=candidacy, action="sympathiser_add",
                                   data={"resolution_date": "2025-09-05"}, files={"resolution_file": scan})  # fmt: skip

    assert "too large" in invalid.value.errors["resolution_file"][0]


def test_pdf_scan_named_jpg_is_stored_as_pdf_under_a_server_chosen_name(candidacy, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("nq.jpg", pdf_bytes(), content_type="image/jpeg")

    with time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False):
        services.candidacy_perform(actor=secretary, candidacy=candidacy, action="sympathiser_add",
                                   data={"resolution_date": "2025-09-05", "resolution_number": "3-NQ/CB"},
                                   files={"resolution_file": scan})  # fmt: skip

    document = candidacy.documents.get()
    assert (document.form_code, document.number, document.content_type) == (
        FormCode.CELL_MINUTES,
        "3-NQ/CB",
        "application/pdf",
    )
    assert document.file.name.startswith(f"evidence/{candidacy.pk}/")
    assert document.file.name.endswith(".pdf") and "nq" not in document.file.name


# --- Mentors, transfer ---------------------------------------------------------------------------------------


def test_mentor_must_be_an_official_member(candidacy, secretary, tree):
    not_a_member = PersonFactory(unit=tree.cell_a)

    with pytest.raises(ActionNotAllowed) as refused:
        services.mentor_assign(actor=secretary, candidacy=candidacy, mentor=not_a_member, kind=MentorKind.HELPER,
                               assigned_on=D(2025, 9, 1))  # fmt: skip

    assert refused.value.reasons == [f"{not_a_member.full_name} is not an official party member on 01/09/2025."]
    assert not candidacy.mentorships.exists()


def test_transfer_moves_the_file_with_its_history_and_keeps_the_stage(candidacy, secretary, grassroots_staff, tree):
    perform(secretary, candidacy, "sympathiser_add", {"resolution_date": "2025-09-05"}, today=D(2025, 9, 5))

    with time_machine.travel(datetime.datetime(2025, 10, 1, 9), tick=False):
        services.candidacy_transfer(actor=grassroots_staff, candidacy=candidacy, to_cell=tree.cell_b,
                                    on=D(2025, 10, 1), reason="Chuyển công tác sang tổ Giáo viên 2")  # fmt: skip

    candidacy.refresh_from_db()
    log = candidacy.transitions.last()
    assert (candidacy.cell, candidacy.stage) == (tree.cell_b, Stage.SYMPATHISER)
    assert (log.action, log.from_stage, log.to_stage) == ("candidacy_transfer", Stage.SYMPATHISER, Stage.SYMPATHISER)
    assert log.evidence == {"from_cell": tree.cell_a.pk, "to_cell": tree.cell_b.pk}
    assert candidacy.transitions.count() == 3


def test_transfer_to_a_cell_outside_the_actors_authority_is_refused(candidacy, grassroots_staff, tree):
    with pytest.raises(ActionNotAllowed):
        services.candidacy_transfer(actor=grassroots_staff, candidacy=candidacy, to_cell=tree.other_cell,
                                    on=D(2025, 9, 1), reason="x")  # fmt: skip

    candidacy.refresh_from_db()
    assert candidacy.cell == tree.cell_a


# --- Exits and the roll ---------------------------------------------------------------------------------------


def test_competent_rejection_records_the_stage_left_and_the_reason(tree, commune_standing):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED)

    data = {"exit_date": "2026-04-01", "reason": "Chưa đủ tiêu chuẩn"}

    perform(commune_standing, candidacy, "competent_reject", data, today=D(2026, 4, 1))

    assert (candidacy.stage, candidacy.exit_stage, candidacy.exit_reason, candidacy.closed_on) == (
        Stage.REJECTED,
        Stage.GRASSROOTS_APPROVED,
        "Chưa đủ tiêu chuẩn",
        D(2026, 4, 1),
    )


def test_removal_from_the_probationary_roll_marks_the_membership_removed(tree, commune_standing):
    # On the cell's resolution proposing removal (2B).
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.REMOVAL_PROPOSED)
    MembershipFactory(person=candidacy.person, cell=tree.cell_a, status=MembershipStatus.PROBATIONARY,
                      recognition_date=None)  # fmt: skip
    data = {"decision_number": "88-QĐ/ĐU", "decision_date": "2027-05-02", "reason": "Vi phạm tư cách"}

    perform(commune_standing, candidacy, "probation_remove", data, today=D(2027, 5, 3))

    membership = Membership.objects.get(person=candidacy.person)
    assert candidacy.stage == Stage.REMOVED
    assert (membership.status, membership.left_on) == (MembershipStatus.REMOVED, D(2027, 5, 2))
    assert candidacy.documents.get().form_code == FormCode.REMOVAL_DECISION


def test_recognition_approved_late_is_effective_at_the_end_of_probation(tree, commune_standing):
    candidacy = CandidacyFactory(cell=tree.cell_c, stage=Stage.RECOGNITION_PROPOSED, probation_ends_on=D(2027, 4, 20),
                                 recognition_vote_date=D(2027, 6, 1))  # fmt: skip
    MembershipFactory(person=candidacy.person, cell=tree.cell_c, status=MembershipStatus.PROBATIONARY,
                      recognition_date=None)  # fmt: skip

    perform(commune_standing, candidacy, "recognition_decide",
            {"decision_number": "9-QĐ/ĐU", "decision_date": "2027-08-15"}, today=D(2027, 8, 16))  # fmt: skip

    membership = Membership.objects.get(person=candidacy.person)
    assert (membership.status, membership.recognition_date) == (MembershipStatus.OFFICIAL, D(2027, 4, 20))


# --- What the user is offered ----------------------------------------------------------------------------------


def test_offered_steps_explain_why_a_step_is_blocked(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED, person__date_of_birth=D(2008, 9, 1))

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9), tick=False):
        actions = {action.name: action for action in gate.offered_steps(user=secretary, candidacy=candidacy)}

    assert actions["withdraw"].allowed is True
    assert actions["withdraw"].irreversible is True
    assert actions["cell_vote"].allowed is False
    assert actions["cell_vote"].form_class is CellVoteForm
    assert "under the minimum age" in actions["cell_vote"].reasons[0]
    assert "The file has no Party-awareness class certificate." in actions["cell_vote"].reasons


def test_offered_steps_for_an_auditor_are_none(tree, auditor):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    assert gate.offered_steps(user=auditor, candidacy=candidacy) == []
    verdict = gate.judge(user=auditor, candidacy=candidacy, action="sympathiser_add")
    assert verdict.offered is False
    assert "audit the procedure" in verdict.refusals[0]

"""Background verification (domain.md A6): the file stage's deadline, and the tracker's services.

The services are tested at their boundary: what they record (rows, scans, the audit trail) and, for
each bad input, the translated error on the right field with nothing saved at all.
"""

import datetime

import pytest

from partycell.rulebook.calendar import working_days_between
from tests.factories import CandidacyFactory, Role, UserFactory, assign_role
from tests.files import pdf_bytes, upload
from tests.walk import D, at, perform
from workflows import deadlines
from workflows.enums import Action, FormCode, Stage
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
from workflows.models import Document, TransitionLog
from workflows.verification import Conclusion, Relation, VerificationRequest, VerificationSubject
from workflows.verification_services import (
    assignee_choices,
    file_opened_on,
    locality_label,
    verification_reply_record,
    verification_request_send,
    verification_subject_add,
)

HA_NOI = 1
HOAN_KIEM = 70  # a ward of Hà Nội
BA_DINH = 4  # a ward of Hà Nội
HUE = 46  # Thành phố Huế: Hoàn Kiếm is not in it

OPENED = D(2026, 3, 4)  # the personal history (2-KNĐ): the file is opened
TODAY = D(2026, 4, 10)


# --- The file stage's deadline -----------------------------------------------------------------------------


def test_opening_the_file_starts_the_verification_deadline_from_the_personal_history(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE)
    data = {"application_date": "2026-03-02", "history_date": "2026-03-04"}

    perform(secretary, candidacy, "file_open", data, today=D(2026, 3, 5))

    assert candidacy.stage_due_rule == deadlines.VERIFICATION
    # 30 working days (the rule's default, [L]) from Wednesday 4 March 2026: six weeks, no holiday between.
    assert working_days_between(D(2026, 3, 4), candidacy.stage_due_on) == 30
    assert candidacy.stage_due_on == D(2026, 4, 15)
    opened = TransitionLog.objects.get(candidacy=candidacy, action="file_open")
    assert opened.due_on == candidacy.stage_due_on
    assert opened.rules[deadlines.VERIFICATION]["value"] == "30"


def test_concluding_the_verification_ends_the_file_stage_deadline(tree, secretary, grassroots_staff):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE)
    perform(secretary, candidacy, "file_open", {"application_date": "2026-03-02", "history_date": "2026-03-04"},
            today=D(2026, 3, 5))  # fmt: skip

    perform(grassroots_staff, candidacy, "history_verify", {"verification_date": "2026-04-01"}, today=D(2026, 4, 1))

    assert candidacy.stage == Stage.VERIFIED
    assert candidacy.stage_due_on is None
    assert candidacy.stage_due_rule == ""


# --- Arrangement -------------------------------------------------------------------------------------------


@pytest.fixture
def opened(tree, secretary):
    """A case of cell A whose file was opened on 4 March 2026 (the audit trail's FILE_OPEN entry)."""
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE, person__full_name="Đặng Thị Thu Trang")
    data = {"application_date": "2026-03-02", "history_date": OPENED.isoformat()}
    return perform(secretary, candidacy, "file_open", data, today=OPENED)


@pytest.fixture
def father(opened, grassroots_staff):
    with at(TODAY):
        return verification_subject_add(
            actor=grassroots_staff, candidacy=opened, relation=Relation.FATHER, full_name="Đặng Văn Hùng",
            birth_year=1968, address="Thôn 3, xã Đại Phúc",
        )  # fmt: skip


def send(actor, subject, *, today=TODAY, **fields):
    values = {"organisation": "Đảng ủy phường Hoàn Kiếm", "sent_on": D(2026, 4, 6), "province_code": HA_NOI,
              "commune_code": HOAN_KIEM, "cost_vnd": 45_000, **fields}  # fmt: skip
    with at(today):
        return verification_request_send(actor=actor, subject=subject, **values)


def reply(actor, letter, *, today=TODAY, **fields):
    values = {"replied_on": D(2026, 4, 9), "conclusion": Conclusion.CLEAR, **fields}
    with at(today):
        return verification_reply_record(actor=actor, request=letter, **values)


def counts() -> tuple[int, int, int, int]:
    """Everything a verification service may write: nothing changes when it refuses."""
    return (VerificationSubject.objects.count(), VerificationRequest.objects.count(), Document.objects.count(),
            TransitionLog.objects.count())  # fmt: skip


# --- People to verify --------------------------------------------------------------------------------------


def test_subject_add_records_the_person_and_an_audit_row_that_keeps_the_stage(opened, grassroots_staff):
    with at(TODAY):
        subject = verification_subject_add(
            actor=grassroots_staff, candidacy=opened, relation=Relation.MOTHER, full_name="  Lê   Thị Hoa ",
            birth_year=1970, address="Tổ 5, phường Hoàn Kiếm",
        )  # fmt: skip

    assert (subject.relation, subject.full_name, subject.birth_year) == (Relation.MOTHER, "Lê Thị Hoa", 1970)
    log = TransitionLog.objects.filter(candidacy=opened).latest("id")
    assert (log.action, log.from_stage, log.to_stage, log.actor) == (
        Action.VERIFICATION_SUBJECT_ADD, Stage.FILE_OPEN, Stage.FILE_OPEN, grassroots_staff)
    assert log.event_date == TODAY
    # The audit row names the subject by id: no copy of the relative's name or year of birth.
    assert log.evidence == {"subject": subject.pk, "relation": "mother"}
    opened.refresh_from_db()
    assert opened.stage == Stage.FILE_OPEN


def test_subject_add_names_the_applicant_after_the_candidate(opened, commune_staff):
    with at(TODAY):
        subject = verification_subject_add(actor=commune_staff, candidacy=opened, relation=Relation.APPLICANT)

    assert subject.full_name == "Đặng Thị Thu Trang"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"relation": "cousin", "full_name": "Đặng Văn An"}, "relation", "Choose the relation to the applicant."),
        ({"relation": Relation.FATHER, "full_name": "Đặng Văn Khác"}, "relation",
         "Biological father is already on the list."),
        ({"relation": Relation.SPOUSE, "full_name": " "}, "full_name", "Enter the person's full name."),
        ({"relation": Relation.SPOUSE, "full_name": "Trần Văn Nam", "birth_year": 2027}, "birth_year",
         "Enter a year of birth between 1880 and 2026."),
        # Born in 2009: 17 in 2026, not yet of full civil capacity (verification.child_min_age_months).
        ({"relation": Relation.CHILD, "full_name": "Trần Minh Khôi", "birth_year": 2009}, "birth_year",
         "Only adult children (18 or over) are verified."),
    ],
)  # fmt: skip
def test_subject_add_refuses_bad_input_and_saves_nothing(opened, father, grassroots_staff, fields, field, message):
    before = counts()

    with at(TODAY), pytest.raises(EvidenceInvalid) as refused:
        verification_subject_add(actor=grassroots_staff, candidacy=opened, **fields)

    assert refused.value.errors == {field: [message]}
    assert counts() == before


def test_subject_add_takes_an_adult_child(opened, grassroots_staff):
    with at(TODAY):
        child = verification_subject_add(actor=grassroots_staff, candidacy=opened, relation=Relation.CHILD,
                                         full_name="Trần Minh Khôi", birth_year=2008)  # fmt: skip

    assert child.pk is not None


@pytest.mark.parametrize("persona", ["secretary", "auditor", "outsider"])
def test_subject_add_is_never_offered_to_the_cell_or_outsiders(opened, persona, request):
    before = counts()

    with at(TODAY), pytest.raises(ActionNotAllowed) as refused:
        verification_subject_add(actor=request.getfixturevalue(persona), candidacy=opened, relation=Relation.FATHER,
                                 full_name="Đặng Văn Hùng")  # fmt: skip

    assert refused.value.offered is False
    assert counts() == before


def test_subject_add_is_refused_on_a_closed_file(tree, grassroots_staff):
    closed = CandidacyFactory(cell=tree.cell_a, stage=Stage.WITHDRAWN)

    with pytest.raises(ActionNotAllowed):
        verification_subject_add(actor=grassroots_staff, candidacy=closed, relation=Relation.APPLICANT)


# --- Letters -------------------------------------------------------------------------------------------------


def test_request_send_records_a_pending_letter_with_its_locality_and_an_audit_row(father, grassroots_staff):
    letter = send(grassroots_staff, father, reference="12-CV/ĐU", assignee=grassroots_staff)

    assert letter.conclusion == Conclusion.PENDING
    assert letter.replied_on is None
    assert letter.locality == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert (letter.sent_on, letter.cost_vnd, letter.assignee) == (D(2026, 4, 6), 45_000, grassroots_staff)
    log = TransitionLog.objects.filter(candidacy=father.candidacy).latest("id")
    assert (log.action, log.event_date, log.from_stage, log.to_stage) == (
        Action.VERIFICATION_REQUEST_SEND, D(2026, 4, 6), Stage.FILE_OPEN, Stage.FILE_OPEN)
    assert log.evidence["request"] == letter.pk
    assert log.evidence["cost_vnd"] == 45_000


def test_request_send_takes_a_typed_locality_and_a_scan_of_the_letter(father, grassroots_staff):
    letter = send(grassroots_staff, father, province_code=None, commune_code=None,
                  locality_text="Xã Đại Phúc, huyện Đại Từ (cũ)", file=upload("cong-van.pdf", pdf_bytes()))  # fmt: skip

    assert letter.locality == "Xã Đại Phúc, huyện Đại Từ (cũ)"
    scan = letter.letter_document
    assert (scan.form_code, scan.issued_on, scan.content_type) == (FormCode.OTHER, D(2026, 4, 6), "application/pdf")
    assert scan.candidacy == father.candidacy
    assert scan.action == Action.VERIFICATION_REQUEST_SEND


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        # The file was opened on 4 March 2026 (its FILE_OPEN entry in the audit trail).
        ({"sent_on": D(2026, 3, 3)}, "sent_on", "The letter cannot be sent before the file was opened on 04/03/2026."),
        ({"sent_on": D(2026, 4, 11)}, "sent_on", "This date is in the future."),
        ({"sent_on": None}, "sent_on", "Enter the date."),
        ({"cost_vnd": -1}, "cost_vnd", "The cost cannot be negative."),
        ({"organisation": "  "}, "organisation", "Enter the organisation the letter is sent to."),
        ({"commune_code": HOAN_KIEM, "province_code": HUE}, "commune_code",
         "This commune is not in the chosen province."),
        ({"province_code": 999, "commune_code": None}, "province_code", "Choose a province from the list."),
        ({"province_code": None, "commune_code": None, "locality_text": ""}, "locality_text",
         "Choose the province (and commune), or type the locality."),
    ],
)  # fmt: skip
def test_request_send_refuses_bad_input_and_saves_nothing(father, grassroots_staff, fields, field, message):
    before = counts()

    with pytest.raises(EvidenceInvalid) as refused:
        send(grassroots_staff, father, **fields)

    assert refused.value.errors == {field: [message]}
    assert counts() == before


def test_request_send_refuses_a_chaser_who_may_not_record_the_reply(father, grassroots_staff, secretary):
    before = counts()

    with pytest.raises(EvidenceInvalid) as refused:
        send(grassroots_staff, father, assignee=secretary)

    assert list(refused.value.errors) == ["assignee"]
    assert counts() == before


def test_request_send_refuses_a_scan_that_is_not_one_and_saves_nothing(father, grassroots_staff):
    before = counts()

    with pytest.raises(EvidenceInvalid) as refused:
        send(grassroots_staff, father, file=upload("cong-van.pdf", b"<html><script>alert(1)</script></html>"))

    assert list(refused.value.errors) == ["file"]
    assert counts() == before


def test_request_send_is_refused_while_the_file_is_not_opened(tree, grassroots_staff):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE)
    with at(TODAY):
        subject = verification_subject_add(actor=grassroots_staff, candidacy=candidacy, relation=Relation.APPLICANT)

    with pytest.raises(EvidenceInvalid) as refused:
        send(grassroots_staff, subject)

    assert refused.value.errors == {"sent_on": [
        "The file is not opened yet: record the application and the personal history (2-KNĐ) first."]}


def test_file_opened_on_falls_back_to_the_personal_history_without_a_trail(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    Document.objects.create(candidacy=candidacy, form_code=FormCode.PERSONAL_HISTORY, issued_on=D(2025, 11, 10))

    assert file_opened_on(candidacy) == D(2025, 11, 10)


def test_assignee_choices_are_the_people_the_gate_lets_record_a_reply(tree, opened, grassroots_staff, commune_staff,
                                                                      secretary, auditor, outsider):  # fmt: skip
    assign_role(UserFactory(username="nghi_viec", is_active=False), Role.GRASSROOTS_STAFF, tree.grassroots)

    with at(TODAY):
        names = [user.username for user in assignee_choices(opened)]

    assert sorted(names) == ["canbo_dangbo", "canbo_xa"]


def test_locality_label_names_the_commune_then_the_province():
    assert locality_label(province_code=HA_NOI, commune_code=BA_DINH) == "Phường Ba Đình, Thành phố Hà Nội"
    assert locality_label(province_code=HA_NOI, commune_code=None, locality_text="Tổ 7") == "Tổ 7, Thành phố Hà Nội"


# --- Replies -------------------------------------------------------------------------------------------------


def test_reply_record_closes_the_letter_with_its_conclusion_and_an_audit_row(father, grassroots_staff):
    letter = send(grassroots_staff, father)

    answered = reply(grassroots_staff, letter, conclusion=Conclusion.ISSUE, note="Có tiền án năm 1990, đã xóa án tích.",
                     file=upload("tra-loi.pdf", pdf_bytes()))  # fmt: skip

    letter.refresh_from_db()
    assert (letter.replied_on, letter.conclusion, letter.conclusion_note) == (
        D(2026, 4, 9), Conclusion.ISSUE, "Có tiền án năm 1990, đã xóa án tích.")
    assert answered.reply_document.issued_on == D(2026, 4, 9)
    assert father.standing == Conclusion.ISSUE
    log = TransitionLog.objects.filter(candidacy=father.candidacy).latest("id")
    assert (log.action, log.event_date, log.evidence["conclusion"]) == (
        Action.VERIFICATION_REPLY_RECORD, D(2026, 4, 9), "issue")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"replied_on": D(2026, 4, 5)}, "replied_on", "The reply cannot come before the letter, sent on 06/04/2026."),
        ({"replied_on": D(2026, 4, 11)}, "replied_on", "This date is in the future."),
        ({"conclusion": Conclusion.PENDING}, "conclusion", "Choose the conclusion of the reply: clear, or an issue."),
        ({"conclusion": Conclusion.ISSUE, "note": " "}, "note", "Describe the issue the reply raises."),
    ],
)  # fmt: skip
def test_reply_record_refuses_bad_input_and_saves_nothing(father, grassroots_staff, fields, field, message):
    letter = send(grassroots_staff, father)
    before = counts()

    with pytest.raises(EvidenceInvalid) as refused:
        reply(grassroots_staff, letter, **fields)

    assert refused.value.errors == {field: [message]}
    assert counts() == before
    letter.refresh_from_db()
    assert (letter.replied_on, letter.conclusion) == (None, Conclusion.PENDING)


def test_reply_record_refuses_a_second_reply(father, grassroots_staff):
    letter = reply(grassroots_staff, send(grassroots_staff, father))
    before = counts()

    with pytest.raises(EvidenceInvalid) as refused:
        reply(grassroots_staff, letter, replied_on=D(2026, 4, 10), conclusion=Conclusion.ISSUE, note="Khác")

    assert refused.value.errors == {"__all__": ["The reply to this letter is already recorded."]}
    assert counts() == before


def test_reply_record_is_refused_to_the_cell_secretary(father, grassroots_staff, secretary):
    letter = send(grassroots_staff, father)

    with pytest.raises(ActionNotAllowed) as refused:
        reply(secretary, letter)

    assert refused.value.offered is False


def test_a_late_reply_is_recorded_after_the_verification_is_concluded(father, grassroots_staff):
    letter = send(grassroots_staff, father)
    perform(grassroots_staff, father.candidacy, "history_verify", {"verification_date": "2026-04-20"},
            today=D(2026, 4, 20))  # fmt: skip

    answered = reply(grassroots_staff, letter, replied_on=D(2026, 4, 22), today=D(2026, 4, 22))

    assert answered.conclusion == Conclusion.CLEAR
    assert TransitionLog.objects.filter(candidacy=father.candidacy).latest("id").to_stage == Stage.VERIFIED


def test_standing_of_a_person_follows_their_letters(father, grassroots_staff):
    assert father.standing == ""
    first = send(grassroots_staff, father)
    second = send(grassroots_staff, father, organisation="Công an phường Ba Đình", commune_code=BA_DINH)
    assert father.standing == Conclusion.PENDING

    reply(grassroots_staff, first)
    assert father.standing == Conclusion.PENDING
    reply(grassroots_staff, second)
    assert father.standing == Conclusion.CLEAR
    assert datetime.date(2026, 4, 9) == second.replied_on


def test_history_names_the_relative_from_the_subject_row_not_from_the_audit_row(father, opened):
    from partycell.web.history import history_of

    entry = [e for e in history_of(opened) if e.log.action == Action.VERIFICATION_SUBJECT_ADD][0]
    assert ("Person verified", "Đặng Văn Hùng") in entry.evidence
    assert "Đặng Văn Hùng" not in str(entry.log.evidence)

    VerificationSubject.objects.filter(pk=father.pk).update(full_name="Ẩn danh")  # as anonymising does

    entry = [e for e in history_of(opened) if e.log.action == Action.VERIFICATION_SUBJECT_ADD][0]
    assert ("Person verified", "Ẩn danh") in entry.evidence

"""The background-verification tracker through ``/api/v1/candidacies/<id>/verification/``: people to verify,
letters, replies and the conclusion; bad input answers 400 with nothing saved; scope answers 404/403."""

import pytest

from tests.factories import CandidacyFactory, UserFactory
from tests.files import pdf_bytes, upload
from tests.walk import D, ServiceWalk, at
from workflows.enums import Stage
from workflows.models import Document, TransitionLog
from workflows.verification import VerificationRequest, VerificationSubject

HA_NOI, HOAN_KIEM = 1, 70


@pytest.fixture
def opened(tree, secretary, grassroots_staff):
    """A case of cell A whose file was opened on 10 November 2025 (the shared walk)."""
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE, person__full_name="Đỗ Minh Khoa")
    return ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff).through("file_open")


def url(candidacy, path: str = "") -> str:
    return f"/api/v1/candidacies/{candidacy.pk}/verification/{path}"


def test_verification_walk_through_the_api(api, opened, grassroots_staff, commune_staff):
    staff = api(grassroots_staff)

    with at(D(2025, 11, 12)):
        applicant = staff.post(url(opened, "subjects/"), {"relation": "applicant"}, format="json")
        details = {"relation": "father", "full_name": "Đỗ Văn Lâm", "birth_year": 1970, "address": "Xóm Đông"}
        father = staff.post(url(opened, "subjects/"), details, format="json")
    assert applicant.status_code == 201, applicant.data
    assert (applicant.data["full_name"], applicant.data["standing"]) == ("Đỗ Minh Khoa", "")
    assert father.status_code == 201, father.data

    with at(D(2025, 11, 20)):
        sent = staff.post(url(opened, "requests/"), {
            "subject": father.data["id"], "organisation": "Đảng ủy phường Hoàn Kiếm", "province_code": HA_NOI,
            "commune_code": HOAN_KIEM, "sent_on": "2025-11-20", "assignee": commune_staff.pk, "cost_vnd": 60000,
            "reference": "15-CV/ĐU",
        }, format="json")  # fmt: skip
    assert sent.status_code == 201, sent.data
    assert sent.data["conclusion"] == "pending"
    assert sent.data["locality"] == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert sent.data["assignee"]["id"] == commune_staff.pk

    with at(D(2025, 12, 5)):
        answer = {"replied_on": "2025-12-05", "conclusion": "clear"}
        replied = api(commune_staff).post(url(opened, f"requests/{sent.data['id']}/reply/"), answer, format="json")
    assert replied.status_code == 200, replied.data
    assert (replied.data["replied_on"], replied.data["conclusion"]) == ("2025-12-05", "clear")

    # The overall conclusion is the step that files the TT-LL; the freshness counts from its date.
    with at(D(2026, 1, 15)):
        offered = staff.get(f"/api/v1/candidacies/{opened.pk}/transitions/").data
        assert offered["stage"] == "file_open"
        conclusion = {"verification_date": "2026-01-15", "expected_stage": "file_open"}
        verified = staff.post(f"/api/v1/candidacies/{opened.pk}/transitions/history_verify/", conclusion, format="json")
    assert verified.status_code == 200, verified.data

    state = staff.get(url(opened)).data
    assert (state["opened_on"], state["due_on"]) == ("2025-11-10", None)
    assert (state["subjects_count"], state["requests_count"], state["pending"], state["clear"], state["issues"]) == (
        2, 1, 0, 1, 0)
    assert state["cost_vnd"] == 60000
    assert (state["conclusion"]["form_code"], state["conclusion"]["issued_on"]) == ("TT-LL", "2026-01-15")
    assert [(s["relation"], s["standing"], len(s["requests"])) for s in state["subjects"]] == [
        ("applicant", "", 0), ("father", "clear", 1)]
    history = staff.get(f"/api/v1/candidacies/{opened.pk}/history/").data
    assert [row["action"] for row in history][-5:] == [
        "verification_subject_add", "verification_subject_add", "verification_request_send",
        "verification_reply_record", "history_verify",
    ]  # fmt: skip


def test_the_verification_state_shows_the_file_stage_deadline_while_it_runs(api, opened, grassroots_staff):
    state = api(grassroots_staff).get(url(opened)).data

    assert state["due_on"] == opened.stage_due_on.isoformat()
    assert state["subjects"] == []


@pytest.fixture
def father(api, opened, grassroots_staff):
    with at(D(2025, 11, 12)):
        details = {"relation": "father", "full_name": "Đỗ Văn Lâm"}
        response = api(grassroots_staff).post(url(opened, "subjects/"), details, format="json")
    return VerificationSubject.objects.get(pk=response.data["id"])


def _letter(**fields) -> dict:
    return {"organisation": "Công an xã Đại Phúc", "locality_text": "Xã Đại Phúc", "sent_on": "2025-11-20",
            "cost_vnd": 30000, **fields}  # fmt: skip


def _nothing_saved(before: tuple[int, int, int]) -> bool:
    return (VerificationRequest.objects.count(), Document.objects.count(), TransitionLog.objects.count()) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"cost_vnd": -5000}, "cost_vnd"),
        ({"sent_on": "2025-11-09"}, "sent_on"),  # the day before the file was opened
        ({"sent_on": "2025-11-21"}, "sent_on"),  # tomorrow
        ({"locality_text": "", "province_code": HA_NOI, "commune_code": 4000000}, "commune_code"),
    ],
)
def test_a_bad_letter_answers_400_on_its_field_and_saves_nothing(api, father, grassroots_staff, fields, field):
    before = (VerificationRequest.objects.count(), Document.objects.count(), TransitionLog.objects.count())

    with at(D(2025, 11, 20)):
        response = api(grassroots_staff).post(url(father.candidacy, "requests/"),
                                              {"subject": father.pk, **_letter(**fields)}, format="json")  # fmt: skip

    assert response.status_code == 400
    assert list(response.data) == [field]
    assert _nothing_saved(before)


def test_a_reply_before_its_letter_answers_400_in_vietnamese(api, father, grassroots_staff):
    staff = api(grassroots_staff)
    with at(D(2025, 11, 20)):
        sent = staff.post(url(father.candidacy, "requests/"), {"subject": father.pk, **_letter()}, format="json")
        response = staff.post(url(father.candidacy, f"requests/{sent.data['id']}/reply/"),
                              {"replied_on": "2025-11-19", "conclusion": "clear"}, format="json",
                              HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip

    assert response.status_code == 400
    assert response.data == {"replied_on": ["Ngày nhận trả lời không thể trước ngày gửi công văn (20/11/2025)."]}
    assert VerificationRequest.objects.get().conclusion == "pending"


def test_a_letter_and_its_reply_carry_their_scans_into_the_file(api, father, grassroots_staff):
    staff = api(grassroots_staff)
    with at(D(2025, 11, 20)):
        sent = staff.post(url(father.candidacy, "requests/"),
                          {"subject": father.pk, **_letter(), "file": upload("cv.pdf", pdf_bytes())},
                          format="multipart")  # fmt: skip
        replied = staff.post(url(father.candidacy, f"requests/{sent.data['id']}/reply/"),
                             {"replied_on": "2025-11-20", "conclusion": "issue", "note": "Cần xác minh thêm",
                              "file": upload("tl.pdf", pdf_bytes())}, format="multipart")  # fmt: skip

    assert sent.status_code == 201, sent.data
    assert replied.status_code == 200, replied.data
    documents = staff.get(f"/api/v1/candidacies/{father.candidacy.pk}/documents/").data
    filed = {row["id"]: (row["form_code"], row["issued_on"], row["has_file"]) for row in documents}
    assert filed[sent.data["letter_document"]] == ("KHAC", "2025-11-20", True)
    assert filed[replied.data["reply_document"]] == ("KHAC", "2025-11-20", True)


def test_a_subject_of_another_case_is_not_a_valid_choice(api, tree, father, grassroots_staff):
    other = CandidacyFactory(cell=tree.cell_a, stage=Stage.FILE_OPEN)

    with at(D(2025, 11, 20)):
        response = api(grassroots_staff).post(url(other, "requests/"), {"subject": father.pk, **_letter()},
                                              format="json")  # fmt: skip

    assert response.status_code == 400
    assert list(response.data) == ["subject"]


def test_the_tracker_answers_404_outside_the_scope_and_403_to_readers_and_the_cell(
    api, tree, opened, father, secretary, auditor
):
    outsider_in_other_commune = UserFactory(username="canbo_daiphuc")
    outsider_in_other_commune.role_assignments.create(unit=tree.other_commune, role="grassroots_staff")
    letter = VerificationRequest.objects.create(subject=father, organisation="UBND xã", locality="Xã Đại Phúc",
                                                sent_on=D(2025, 11, 20))  # fmt: skip

    assert api(outsider_in_other_commune).get(url(opened)).status_code == 404
    assert api(outsider_in_other_commune).post(url(opened, f"requests/{letter.pk}/reply/"), {}).status_code == 404
    assert api(auditor).get(url(opened)).status_code == 200
    with at(D(2025, 11, 20)):
        assert api(auditor).post(url(opened, "subjects/"), {"relation": "mother", "full_name": "X"}).status_code == 403
        refused = api(secretary).post(url(opened, "subjects/"), {"relation": "mother", "full_name": "Lê Thị Hoa"},
                                      format="json")  # fmt: skip
    assert refused.status_code == 403
    assert refused.data["reasons"]
    assert api().get(url(opened)).status_code == 401
    assert VerificationSubject.objects.count() == 1

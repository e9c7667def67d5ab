import datetime

import pytest
import time_machine

from tests.factories import PersonFactory
from tests.files import pdf_bytes
from workflows.enums import FormCode, Stage
from workflows.models import Candidacy, Document, TransitionLog


def transitions_url(candidacy: Candidacy, action: str = "") -> str:
    return f"/api/v1/candidacies/{candidacy.pk}/transitions/" + (f"{action}/" if action else "")


@pytest.fixture
def opened(api, secretary, tree):
    """A candidacy opened through the API on 1 September 2025 in cell A."""
    person = PersonFactory(unit=tree.cell_a)
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        response = api(secretary).post("/api/v1/candidacies/", {"person": person.pk, "cell": tree.cell_a.pk})
    return Candidacy.objects.get(pk=response.data["id"])


def test_candidacy_create_opens_at_source_with_an_audit_row(api, secretary, tree):
    person = PersonFactory(unit=tree.cell_a)

    response = api(secretary).post("/api/v1/candidacies/", {"person": person.pk, "cell": tree.cell_a.pk})

    assert response.status_code == 201
    assert response.data["stage"] == "source"
    assert response.data["person"]["id"] == person.pk
    candidacy = Candidacy.objects.get(person=person)
    assert list(candidacy.transitions.values_list("action", "to_stage")) == [("candidacy_create", "source")]


def test_candidacy_create_twice_is_refused_with_the_reason(api, secretary, opened):
    response = api(secretary).post(
        "/api/v1/candidacies/",
        {"person": opened.person_id, "cell": opened.cell_id},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert response.data["reasons"] == ["This person already has an open candidacy."]
    assert Candidacy.objects.filter(person=opened.person).count() == 1


def test_candidacy_create_for_person_outside_scope_is_refused(api, secretary, tree):
    stranger = PersonFactory(unit=tree.cell_b)

    response = api(secretary).post("/api/v1/candidacies/", {"person": stranger.pk, "cell": tree.cell_a.pk})

    assert response.status_code == 400
    assert list(response.data) == ["person"]
    assert not Candidacy.objects.exists()


def test_candidacy_create_by_auditor_is_forbidden(api, auditor, tree):
    person = PersonFactory(unit=tree.cell_a)

    response = api(auditor).post("/api/v1/candidacies/", {"person": person.pk, "cell": tree.cell_a.pk})

    assert response.status_code == 403
    assert not Candidacy.objects.exists()


@time_machine.travel(datetime.datetime(2025, 9, 2, 9), tick=False)
def test_transitions_lists_allowed_actions_with_their_evidence_fields(api, secretary, opened):
    response = api(secretary).get(transitions_url(opened), HTTP_ACCEPT_LANGUAGE="en")

    actions = {action["name"]: action for action in response.data["actions"]}
    assert response.data["stage"] == "source"
    assert set(actions) == {"sympathiser_add", "cell_reject", "withdraw"}
    add = actions["sympathiser_add"]
    assert (add["allowed"], add["reasons"], add["irreversible"]) == (True, [], False)
    fields = {field["name"]: (field["type"], field["required"]) for field in add["fields"]}
    assert fields == {
        "note": ("text", False),
        "resolution_date": ("date", True),
        "resolution_number": ("string", False),
        "resolution_file": ("file", False),
    }
    assert actions["withdraw"]["irreversible"] is True


def test_transitions_for_auditor_offer_nothing(api, auditor, opened):
    response = api(auditor).get(transitions_url(opened), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.data["actions"] == []


def test_transitions_of_another_cell_are_not_found(api, secretary, tree, place_candidacy):
    stranger = place_candidacy(tree.cell_b)

    listed = api(secretary).get(transitions_url(stranger))
    performed = api(secretary).post(transitions_url(stranger, "sympathiser_add"), {"resolution_date": "2025-09-05"})
    history = api(secretary).get(f"/api/v1/candidacies/{stranger.pk}/history/")

    assert (listed.status_code, performed.status_code, history.status_code) == (404, 404, 404)
    assert Candidacy.objects.get(pk=stranger.pk).stage == Stage.SOURCE


@pytest.mark.parametrize("part", ["history", "documents", "mentors"])
def test_what_the_file_of_another_cells_case_holds_is_not_found(api, secretary, tree, place_candidacy, part):
    own, stranger = place_candidacy(tree.cell_a), place_candidacy(tree.cell_b)

    theirs = api(secretary).get(f"/api/v1/candidacies/{stranger.pk}/{part}/")
    ours = api(secretary).get(f"/api/v1/candidacies/{own.pk}/{part}/")

    assert (theirs.status_code, ours.status_code) == (404, 200)
    assert isinstance(theirs.data, dict) and "detail" in theirs.data  # a problem body, nothing of their file


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_moves_the_candidacy_and_logs_it(api, secretary, opened):
    response = api(secretary).post(
        transitions_url(opened, "sympathiser_add"),
        {"resolution_date": "2025-09-05", "resolution_number": "3-NQ/CB", "expected_stage": "source"},
        format="json",
    )

    assert response.status_code == 200
    assert response.data["stage"] == "sympathiser"
    opened.refresh_from_db()
    assert opened.stage == Stage.SYMPATHISER
    assert opened.transitions.last().event_date == datetime.date(2025, 9, 5)


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_with_bad_evidence_names_each_field_and_changes_nothing(api, secretary, opened):
    logs_before = TransitionLog.objects.count()

    response = api(secretary).post(
        transitions_url(opened, "sympathiser_add"),
        {"resolution_date": "2025-13-40", "resolution_number": "số ba"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.data == {
        "resolution_date": ["2025-13-40 is not a date: there is no month 13."],
        "resolution_number": ['Write the number as on the document, for example "125-QĐ/ĐU".'],
    }
    opened.refresh_from_db()
    assert opened.stage == Stage.SOURCE
    assert TransitionLog.objects.count() == logs_before
    assert not Document.objects.exists()


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_with_ballots_that_do_not_add_up_reports_non_field_errors(api, secretary, opened):
    vote = {"meeting_date": "2025-09-05", "eligible": 0, "present": 3, "in_favour": 5, "against": 0,
            "method": "secret_ballot"}  # fmt: skip

    response = api(secretary).post(transitions_url(opened, "cell_vote"), vote, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.data == {
        "non_field_errors": [
            "Votes in favour and against (5) exceed the members present (3).",
            "Members present (3) exceed the members entitled to vote (0).",
            "A vote needs at least one member entitled to vote.",
        ]
    }


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_with_missing_evidence_answers_in_vietnamese(api, secretary, opened):
    response = api(secretary).post(transitions_url(opened, "sympathiser_add"), {}, format="json")

    assert response.status_code == 400
    assert response.data == {"resolution_date": ["Trường này là bắt buộc."]}


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_with_stale_expected_stage_is_a_conflict(api, secretary, opened):
    response = api(secretary).post(
        transitions_url(opened, "sympathiser_add"),
        {"resolution_date": "2025-09-05", "expected_stage": "class_done"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 409
    assert response.data == {"detail": "This candidacy was changed by someone else. Reload the page and try again."}
    opened.refresh_from_db()
    assert opened.stage == Stage.SOURCE


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_by_the_wrong_role_is_forbidden_with_reasons(api, commune_standing, opened):
    response = api(commune_standing).post(
        transitions_url(opened, "sympathiser_add"), {"resolution_date": "2025-09-05"}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip

    assert response.status_code == 403
    assert response.data["detail"] == "This action is not allowed now."
    assert len(response.data["reasons"]) >= 1
    opened.refresh_from_db()
    assert opened.stage == Stage.SOURCE


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_by_auditor_is_forbidden(api, auditor, opened):
    logs_before = TransitionLog.objects.count()

    response = api(auditor).post(
        transitions_url(opened, "sympathiser_add"), {"resolution_date": "2025-09-05"}, format="json"
    )

    assert response.status_code == 403
    assert TransitionLog.objects.count() == logs_before


def test_perform_unknown_action_is_not_found(api, secretary, opened):
    response = api(secretary).post(transitions_url(opened, "promote_to_general_secretary"), {}, format="json")

    assert response.status_code == 404


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_perform_with_multipart_scan_stores_the_document(api, secretary, opened, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = tmp_path / "nghi-quyet.pdf"
    scan.write_bytes(pdf_bytes())

    with scan.open("rb") as upload:
        response = api(secretary).post(
            transitions_url(opened, "sympathiser_add"),
            {"resolution_date": "2025-09-05", "resolution_file": upload, "expected_stage": "source"},
            format="multipart",
        )

    assert response.status_code == 200
    document = Document.objects.get(candidacy=opened)
    assert document.form_code == FormCode.CELL_MINUTES
    assert document.content_type == "application/pdf"
    assert document.file.read() == scan.read_bytes()


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_history_lists_the_audit_trail_oldest_first(api, secretary, opened):
    api(secretary).post(
        transitions_url(opened, "sympathiser_add"),
        {"resolution_date": "2025-09-05", "note": "Đoàn trường giới thiệu"},
        format="json",
    )

    response = api(secretary).get(f"/api/v1/candidacies/{opened.pk}/history/")

    rows = [(row["action"], row["from_stage"], row["to_stage"], row["event_date"]) for row in response.data]
    assert rows == [
        ("candidacy_create", "", "source", "2025-09-01"),
        ("sympathiser_add", "source", "sympathiser", "2025-09-05"),
    ]
    assert response.data[1]["actor"]["id"] == secretary.pk
    assert response.data[1]["note"] == "Đoàn trường giới thiệu"
    assert response.data[1]["evidence"]["resolution_date"] == "2025-09-05"


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
@pytest.mark.parametrize("typed", ["2025-09-05", "05/09/2025", "05-09-2025", "05.09.2025"])
def test_the_api_accepts_the_dates_the_pages_accept(api, secretary, opened, typed):
    response = api(secretary).post(transitions_url(opened, "sympathiser_add"), {"resolution_date": typed},
                                   format="json")  # fmt: skip

    assert response.status_code == 200, response.data
    assert TransitionLog.objects.filter(candidacy=opened).latest("id").event_date == datetime.date(2025, 9, 5)


@time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False)
def test_a_date_the_api_cannot_read_is_answered_with_the_format_the_pages_show(api, secretary, opened):
    response = api(secretary).post(transitions_url(opened, "sympathiser_add"), {"resolution_date": "5 Sept 2025"},
                                   format="json", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 400
    assert response.data["resolution_date"] == [
        "“5 Sept 2025” is not a date written as dd/mm/yyyy (for example 17/05/1998)."
    ]

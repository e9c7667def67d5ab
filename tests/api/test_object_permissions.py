"""Writes through the API need an editing role over the object's own unit, not just any editing role.

The persona reads widely and edits narrowly: board staff at the province (an auditor: reads the whole
province) who is also grassroots staff of one commune (edits only there). Every record of the other
commune is visible to them, so the refusal of a write is a 403 from the API's object permission,
given before the request body is even looked at: no validation errors about a record they may not
change, and nothing written.
"""

import pytest

from tests.factories import CandidacyFactory, PersonFactory, Role, UserFactory, assign_role
from workflows.enums import Stage

REFUSED = {"detail": "You do not have permission to perform this action."}


@pytest.fixture
def wide_reader(tree):
    """Reads the province (board staff), edits only commune Phan Đình Phùng (grassroots staff there)."""
    user = UserFactory(username="kiemtra_tinh_canbo_xa")
    assign_role(user, Role.BOARD_STAFF, tree.province)
    assign_role(user, Role.GRASSROOTS_STAFF, tree.commune)
    return user


@pytest.fixture
def reader_api(api, wide_reader):
    return api(wide_reader)


def _send(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, format="json", HTTP_ACCEPT_LANGUAGE="en")


# --- People ------------------------------------------------------------------------------------------------


def test_person_in_another_commune_is_readable(reader_api, tree):
    stranger = PersonFactory(unit=tree.other_cell, full_name="Lò Văn Páo")

    response = reader_api.get(f"/api/v1/people/{stranger.pk}/")

    assert (response.status_code, response.data["full_name"]) == (200, "Lò Văn Páo")


def test_person_patch_in_another_commune_is_forbidden_and_changes_nothing(reader_api, tree):
    stranger = PersonFactory(unit=tree.other_cell, workplace="HTX Đại Phúc")

    response = _send(reader_api, "patch", f"/api/v1/people/{stranger.pk}/",
                     {"workplace": "Tổ Toán", "reason": "Đổi nơi làm việc"})  # fmt: skip

    stranger.refresh_from_db()
    assert (response.status_code, response.data) == (403, REFUSED)
    assert stranger.workplace == "HTX Đại Phúc"


def test_person_patch_with_bad_fields_in_another_commune_is_forbidden_not_validated(reader_api, tree):
    stranger = PersonFactory(unit=tree.other_cell)
    citizen_id = stranger.citizen_id

    response = _send(reader_api, "patch", f"/api/v1/people/{stranger.pk}/", {"citizen_id": "12", "sex": "?"})

    stranger.refresh_from_db()
    assert (response.status_code, response.data) == (403, REFUSED)
    assert stranger.citizen_id == citizen_id


def test_person_put_in_another_commune_is_forbidden(reader_api, tree):
    stranger = PersonFactory(unit=tree.other_cell, full_name="Lò Văn Páo")

    response = _send(reader_api, "put", f"/api/v1/people/{stranger.pk}/", {"full_name": "Lò Thị Mai"})

    stranger.refresh_from_db()
    assert (response.status_code, response.data) == (403, REFUSED)
    assert stranger.full_name == "Lò Văn Páo"


def test_person_patch_in_own_commune_changes_the_record(reader_api, tree):
    neighbour = PersonFactory(unit=tree.cell_c, workplace="HTX Đại Phúc")

    response = _send(reader_api, "patch", f"/api/v1/people/{neighbour.pk}/",
                     {"workplace": "Tổ Toán", "reason": "Đổi nơi làm việc"})  # fmt: skip

    neighbour.refresh_from_db()
    assert response.status_code == 200
    assert neighbour.workplace == "Tổ Toán"


# --- Candidacies ------------------------------------------------------------------------------------------


@pytest.fixture
def foreign_case(tree):
    """A candidacy of the other commune's cell, waiting for its grassroots verification."""
    return CandidacyFactory(cell=tree.other_cell, stage=Stage.FILE_OPEN)


def test_candidacy_in_another_commune_is_readable_with_its_actions_blocked(reader_api, foreign_case):
    response = reader_api.get(f"/api/v1/candidacies/{foreign_case.pk}/transitions/")

    assert response.status_code == 200
    assert response.data["stage"] == Stage.FILE_OPEN
    assert [row["allowed"] for row in response.data["actions"]] == [False] * len(response.data["actions"])


@pytest.mark.parametrize(
    "data",
    [{}, {"verification_date": "2026-01-15"}],
    ids=["no-evidence", "complete-evidence"],
)
def test_action_on_a_candidacy_in_another_commune_is_forbidden_and_changes_nothing(reader_api, foreign_case, data):
    url = f"/api/v1/candidacies/{foreign_case.pk}/transitions/history_verify/"

    response = _send(reader_api, "post", url, data)

    foreign_case.refresh_from_db()
    assert (response.status_code, response.data) == (403, REFUSED)
    assert foreign_case.stage == Stage.FILE_OPEN
    assert foreign_case.transitions.count() == 0


def test_document_added_to_a_candidacy_in_another_commune_is_forbidden(reader_api, foreign_case):
    url = f"/api/v1/candidacies/{foreign_case.pk}/documents/"

    response = _send(reader_api, "post", url, {"form_code": "2-KNĐ", "issued_on": "2026-01-05"})

    assert (response.status_code, response.data) == (403, REFUSED)
    assert foreign_case.documents.count() == 0


def test_mentor_assigned_to_a_candidacy_in_another_commune_is_forbidden(reader_api, foreign_case, tree):
    member = PersonFactory(unit=tree.other_cell)
    url = f"/api/v1/candidacies/{foreign_case.pk}/mentors/"

    response = _send(reader_api, "post", url, {"mentor": member.pk, "kind": "helper", "assigned_on": "2026-01-05"})

    assert (response.status_code, response.data) == (403, REFUSED)
    assert foreign_case.mentorships.count() == 0


def test_action_on_a_candidacy_in_own_commune_passes_the_api_gate(reader_api, tree):
    own = CandidacyFactory(cell=tree.cell_c, stage=Stage.FILE_OPEN)

    response = _send(reader_api, "post", f"/api/v1/candidacies/{own.pk}/transitions/history_verify/", {})

    # Past the gate the evidence is read: a missing date is a field error, not a refusal.
    assert response.status_code == 400
    assert "verification_date" in response.data

"""One person from source to official member, through the API alone (token auth, JSON evidence).

The steps and their evidence are the shared happy path of tests/walk.py, the one the service tests walk.
"""

import datetime

from partycell.people.models import Membership, MembershipStatus
from tests.walk import START, ApiWalk, D, at


def token_client(api, username: str):
    token = api().post("/api/v1/auth/token/", {"username": username, "password": "matkhau-demo-123"}).data["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_walk_through_the_api_makes_an_official_member(api, tree, secretary, commune_staff, roll_a, settings):
    settings.API_TOKEN_LIFETIME = datetime.timedelta(days=3 * 365)  # the walk travels through 18 months
    cell = token_client(api, "bithu_a")
    commune = token_client(api, "canbo_xa")

    # Register the person and open the candidacy.
    with at(START):
        person = cell.post(
            "/api/v1/people/",
            {
                "full_name": "Đỗ Minh Khoa",
                "date_of_birth": "1999-04-02",
                "sex": "male",
                "citizen_id": "001099004321",
                "unit": tree.cell_a.pk,
                "education_level": "upper_secondary",
            },
            format="json",
        ).data
        opened = cell.post("/api/v1/candidacies/", {"person": person["id"], "cell": tree.cell_a.pk}, format="json")
    candidacy = opened.data["id"]
    assert opened.data["stage"] == "source"

    # Admission (domain.md 1A), as the cell and the commune's staff record it.
    walk = ApiWalk(candidacy, cell=cell, grassroots=commune, competent=commune, introducers=roll_a[:2])
    decided = walk.through("admission_decide")
    assert decided["stage"] == "admission_decided"

    # Probation and recognition (domain.md 1B): the cell votes only after the 12 months.
    probation = walk.through("ceremony_hold")
    assert probation["probation_ends_on"] == "2027-04-20"
    walk.through("document_add")  # the new-member class certificate
    with at(D(2027, 4, 19)):
        early = cell.get(f"/api/v1/candidacies/{candidacy}/transitions/", HTTP_ACCEPT_LANGUAGE="en").data
    assert next(row for row in early["actions"] if row["name"] == "recognition_vote")["allowed"] is False
    official = walk.through("recognition_decide")

    # Seen through the API ...
    assert official["stage"] == "official"
    assert official["recognition_effective_on"] == "2027-04-20"
    record = cell.get(f"/api/v1/people/{person['id']}/").data
    assert record["membership"]["status"] == "official"
    assert record["membership"]["admission_decision_date"] == "2026-04-06"
    history = cell.get(f"/api/v1/candidacies/{candidacy}/history/").data
    assert [row["to_stage"] for row in history if row["to_stage"] != row["from_stage"]] == [
        "source", "sympathiser", "class_done", "file_open", "verified", "introduced", "cell_approved",
        "grassroots_approved", "admission_decided", "probationary", "recognition_proposed", "recognition_reviewed",
        "official",
    ]  # fmt: skip
    # ... and on the roll.
    membership = Membership.objects.get(person_id=person["id"])
    assert (membership.status, membership.cell) == (MembershipStatus.OFFICIAL, tree.cell_a)
    assert membership.recognition_date == D(2027, 4, 20)

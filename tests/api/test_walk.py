"""One person from source to official member, through the API alone (token auth, JSON evidence)."""

import datetime

import time_machine

from partycell.people.models import Membership, MembershipStatus

D = datetime.date


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9)), tick=False)


def token_client(api, username: str):
    token = api().post("/api/v1/auth/token/", {"username": username, "password": "matkhau-demo-123"}).data["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def step(client, candidacy_id: int, action: str, data: dict, *, on: datetime.date) -> dict:
    """Check the action is offered and allowed on ``on``, then perform it with the stage the client saw."""
    with at(on):
        offered = client.get(f"/api/v1/candidacies/{candidacy_id}/transitions/", HTTP_ACCEPT_LANGUAGE="en").data
        row = next(row for row in offered["actions"] if row["name"] == action)
        assert row["allowed"], row["reasons"]
        response = client.post(
            f"/api/v1/candidacies/{candidacy_id}/transitions/{action}/",
            {**data, "expected_stage": offered["stage"]},
            format="json",
        )
    assert response.status_code == 200, response.data
    return response.data


def vote(meeting: str, *, in_favour: int, **extra) -> dict:
    return {
        "meeting_date": meeting,
        "present": in_favour,
        "in_favour": in_favour,
        "against": 0,
        "method": "secret_ballot",
        "resolution_number": "12-NQ/CB",
        **extra,
    }


def test_walk_through_the_api_makes_an_official_member(api, tree, secretary, commune_staff, roll_a):
    cell = token_client(api, "bithu_a")
    commune = token_client(api, "canbo_xa")

    # Register the person and open the candidacy.
    with at(D(2025, 9, 1)):
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

    # Admission (domain.md 1A).
    step(cell, candidacy, "sympathiser_add", {"resolution_date": "2025-09-05"}, on=D(2025, 9, 5))
    step(
        cell,
        candidacy,
        "awareness_class_record",
        {"certificate_date": "2025-10-10", "certificate_number": "35-CN/TTCT"},
        on=D(2025, 10, 12),
    )
    step(
        cell,
        candidacy,
        "file_open",
        {"application_date": "2025-11-03", "history_date": "2025-11-10"},
        on=D(2025, 11, 10),
    )
    step(commune, candidacy, "history_verify", {"verification_date": "2026-01-15"}, on=D(2026, 1, 15))
    with at(D(2026, 2, 2)):
        for member in roll_a[:2]:
            assigned = cell.post(
                f"/api/v1/candidacies/{candidacy}/mentors/",
                {"mentor": member.person.pk, "kind": "introducer", "assigned_on": "2026-02-02", "months_together": 18},
                format="json",
            )
            assert assigned.status_code == 201, assigned.data
    step(
        cell,
        candidacy,
        "introduction_record",
        {"introduction_date": "2026-02-03", "comments_date": "2026-02-20"},
        on=D(2026, 2, 20),
    )
    step(cell, candidacy, "cell_vote", vote("2026-03-03", in_favour=6), on=D(2026, 3, 3))
    step(commune, candidacy, "grassroots_vote", vote("2026-03-20", in_favour=9, eligible=11), on=D(2026, 3, 20))
    decided = step(
        commune,
        candidacy,
        "admission_decide",
        {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-04-06", "received_on": "2026-04-08"},
        on=D(2026, 4, 8),
    )
    assert decided["stage"] == "admission_decided"

    # Probation and recognition (domain.md 1B): the cell votes only after the 12 months.
    probation = step(cell, candidacy, "ceremony_hold", {"ceremony_date": "2026-04-20"}, on=D(2026, 4, 20))
    assert probation["probation_ends_on"] == "2027-04-20"
    with at(D(2026, 12, 1)):
        certificate = cell.post(
            f"/api/v1/candidacies/{candidacy}/documents/",
            {"form_code": "CN-ĐVM", "issued_on": "2026-11-30", "number": "88-CN/TTCT"},
            format="json",
        )
        assert certificate.status_code == 201, certificate.data
    with at(D(2027, 4, 19)):
        early = cell.get(f"/api/v1/candidacies/{candidacy}/transitions/", HTTP_ACCEPT_LANGUAGE="en").data
    assert next(row for row in early["actions"] if row["name"] == "recognition_vote")["allowed"] is False
    step(cell, candidacy, "recognition_vote", vote("2027-04-27", in_favour=7), on=D(2027, 4, 27))
    step(commune, candidacy, "recognition_review", vote("2027-05-10", in_favour=11, eligible=11), on=D(2027, 5, 10))
    official = step(
        commune,
        candidacy,
        "recognition_decide",
        {"decision_number": "310-QĐ/ĐU", "decision_date": "2027-06-01"},
        on=D(2027, 6, 1),
    )

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

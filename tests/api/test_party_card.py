"""The party card through the API: POST /api/v1/people/<id>/party-card/ (domain.md B13)."""

from tests.factories import CandidacyFactory, MembershipFactory
from workflows.enums import Action, Stage
from workflows.models import TransitionLog

CARD = {"card_number": "54012345", "issued_on": "2026-06-15", "decision_number": "1024-QĐ/ĐU",
        "decision_date": "01/06/2026"}  # fmt: skip


def _member(tree):
    membership = MembershipFactory(cell=tree.cell_a)
    CandidacyFactory(cell=tree.cell_a, person=membership.person, stage=Stage.OFFICIAL)
    return membership


def test_api_records_a_party_card_and_returns_the_person_with_it(api, tree, commune_standing):
    membership = _member(tree)

    response = api(commune_standing).post(f"/api/v1/people/{membership.person.pk}/party-card/", CARD, format="json")

    assert response.status_code == 200
    card = response.data["membership"]
    assert (card["party_card_number"], card["party_card_date"]) == ("54012345", "2026-06-15")
    assert (card["party_card_decision_number"], card["party_card_decision_date"]) == ("1024-QĐ/ĐU", "2026-06-01")
    assert TransitionLog.objects.filter(action=Action.PARTY_CARD_ISSUE).count() == 1


def test_api_refuses_a_used_number_an_impossible_date_and_the_cell(api, tree, commune_staff, secretary):
    membership = _member(tree)
    MembershipFactory(cell=tree.cell_b, party_card_number="54012345")
    url = f"/api/v1/people/{membership.person.pk}/party-card/"

    used = api(commune_staff).post(url, {**CARD, "card_number": "５４０１２３４５"}, format="json",
                                   HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    impossible = api(commune_staff).post(url, {**CARD, "issued_on": "31/02/2026"}, format="json")
    not_a_list = api(commune_staff).post(url, [CARD], format="json")
    cell = api(secretary).post(url, {**CARD, "card_number": "54000009"}, format="json")

    assert used.status_code == 400 and used.data == {"card_number": ["This party card number is already used."]}
    assert impossible.status_code == 400 and "issued_on" in impossible.data
    assert not_a_list.status_code == 400
    assert cell.status_code == 403
    membership.refresh_from_db()
    assert membership.party_card_number == ""


def test_api_party_card_of_someone_outside_the_scope_is_404(api, tree, commune_staff):
    stranger = MembershipFactory(cell=tree.other_cell)

    response = api(commune_staff).post(f"/api/v1/people/{stranger.person.pk}/party-card/", CARD, format="json")

    assert response.status_code == 404


def test_the_party_card_endpoint_is_in_the_schema_with_its_fields(api, secretary):
    schema = api(secretary).get("/api/v1/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/people/{id}/party-card/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    ref = body["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["required"]) == {
        "card_number",
        "issued_on",
        "decision_number",
        "decision_date",
    }
    assert {"200", "400", "403", "404"} <= set(operation["responses"])
    membership = schema["components"]["schemas"]["Membership"]["properties"]
    assert "party_card_decision_date" in membership

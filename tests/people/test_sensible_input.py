"""Dates and names with sense (issue 13, finding 7 and item 7): birth dates from 01/01/1900, party
events from 03/02/1930 (the Party's founding), none in the future where the procedure forbids it;
names must contain letters. Stated once in partycell/people/models.py; pages, API, imports and
evidence forms all validate with it, and each answers a clear error, never a 500."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from partycell.people.models import Membership, Person
from partycell.people.services import person_create
from tests.api.test_people import person_payload
from tests.factories import CandidacyFactory, MembershipFactory
from workflows.enums import Stage
from workflows.evidence import SympathiserAddForm
from workflows.exceptions import EvidenceInvalid
from workflows.models import TransitionLog
from workflows.services import candidacy_perform


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("born", [datetime.date(1, 1, 1), datetime.date(1899, 12, 31)])
def test_person_born_before_1900_is_refused(tree, secretary, born):
    data = {"full_name": "Nguyễn Văn An", "date_of_birth": born, "sex": "male", "citizen_id": "001098012345",
            "unit": tree.cell_a}  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        person_create(actor=secretary, data=data)

    assert refused.value.message_dict["date_of_birth"] == ["A date of birth is on or after 01/01/1900."]
    assert not Person.objects.exists()


def test_person_born_on_1_january_1900_is_accepted(tree, secretary):
    data = {"full_name": "Nguyễn Văn An", "date_of_birth": datetime.date(1900, 1, 1), "sex": "male",
            "citizen_id": "001000012345", "unit": tree.cell_a}  # fmt: skip

    assert person_create(actor=secretary, data=data).date_of_birth == datetime.date(1900, 1, 1)


def test_api_birth_date_in_year_1_answers_400_with_the_field(secretary, tree):
    response = _api(secretary).post(
        "/api/v1/people/", person_payload(tree.cell_a, date_of_birth="0001-01-01"), format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.data == {"date_of_birth": ["A date of birth is on or after 01/01/1900."]}


@pytest.mark.parametrize(
    "name", ["\u200b\u200b\u200b", "\u200b \u200c \ufeff", "12345", "...", "\u3164\u3164", "=1+1"],
    ids=["zero-width", "zero-width and spaces", "digits", "dots", "hangul filler", "formula"],
)
def test_api_name_without_letters_is_refused(secretary, tree, name):
    response = _api(secretary).post(
        "/api/v1/people/", person_payload(tree.cell_a, full_name=name), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "full_name" in response.data
    assert not Person.objects.exists()


def test_page_name_of_zero_width_spaces_and_a_dot_is_refused(tree, commune_staff, client):
    client.force_login(commune_staff)

    response = client.post("/candidacies/new/", {
        "full_name": "\u200b.\u200b", "date_of_birth": "17/05/1998", "sex": "male", "citizen_id": "001098012345",
        "cell": tree.cell_a.pk,
    }, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 422
    assert response.context["form"].errors["full_name"] == ["A name must contain letters."]
    assert not Person.objects.exists()


def test_vietnamese_names_with_tone_marks_are_letters(tree, secretary):
    data = {"full_name": "Hoàng Thị Ngọc Ánh", "date_of_birth": datetime.date(1990, 1, 2), "sex": "female",
            "citizen_id": "001190012345", "unit": tree.cell_a}  # fmt: skip

    assert person_create(actor=secretary, data=data).full_name == "Hoàng Thị Ngọc Ánh"


def test_evidence_dated_before_the_party_was_founded_is_refused(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    with pytest.raises(EvidenceInvalid) as refused:
        candidacy_perform(actor=secretary, candidacy=candidacy, action="sympathiser_add",
                          data={"resolution_date": "1930-02-02"})  # fmt: skip

    assert refused.value.errors["resolution_date"] == [
        "A party event is dated on or after 03/02/1930, the day the Party was founded."
    ]
    assert TransitionLog.objects.filter(candidacy=candidacy).count() == 0


def test_evidence_form_accepts_the_founding_day_and_refuses_year_1(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    assert "resolution_date" not in SympathiserAddForm({"resolution_date": "1930-02-03"}, candidacy=candidacy).errors
    assert "resolution_date" in SympathiserAddForm({"resolution_date": "0001-01-01"}, candidacy=candidacy).errors


def test_api_transition_dated_in_year_1_answers_400(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    response = _api(secretary).post(
        f"/api/v1/candidacies/{candidacy.pk}/transitions/sympathiser_add/", {"resolution_date": "0001-01-01"},
        format="json", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip

    assert response.status_code == 400
    assert "resolution_date" in response.data


def test_membership_admitted_before_1930_or_in_the_future_is_refused(tree):
    member = MembershipFactory.build(cell=tree.cell_a, person=MembershipFactory().person)
    member.admission_decision_date = datetime.date(1929, 12, 31)
    member.ceremony_date = datetime.date(2999, 1, 1)

    with pytest.raises(ValidationError) as refused:
        member.full_clean(exclude=["person"])

    assert set(refused.value.message_dict) >= {"admission_decision_date", "ceremony_date"}
    assert Membership.objects.count() == 1

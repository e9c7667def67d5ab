"""A readmission opened through the API with the day the criminal record was cleared (domain.md 2C)."""

from tests.factories import MembershipFactory, PersonFactory
from tests.walk import D, at
from workflows.models import Candidacy


def test_readmission_opened_with_the_record_cleared_date_is_waited_on_by_the_cell_vote(api, tree, secretary):
    person = PersonFactory(unit=tree.cell_a)
    MembershipFactory(person=person, cell=tree.cell_a, status="removed", recognition_date=None, left_on=D(2019, 3, 2))
    with at(D(2026, 3, 2)):
        response = api(secretary).post("/api/v1/candidacies/", {
            "person": person.pk, "cell": tree.cell_a.pk, "is_readmission": True, "record_cleared_on": "2021-06-01",
        }, format="json")  # fmt: skip

    assert response.status_code == 201, response.data
    assert response.data["record_cleared_on"] == "2021-06-01"
    candidacy = Candidacy.objects.get(pk=response.data["id"])
    assert candidacy.transitions.get().evidence["record_cleared_on"] == "2021-06-01"


def test_record_cleared_date_for_a_first_admission_is_refused_and_nothing_is_saved(api, tree, secretary):
    person = PersonFactory(unit=tree.cell_a)
    with at(D(2026, 3, 2)):
        response = api(secretary).post("/api/v1/candidacies/", {
            "person": person.pk, "cell": tree.cell_a.pk, "record_cleared_on": "2021-06-01",
        }, format="json")  # fmt: skip

    assert response.status_code == 403, response.data
    assert not Candidacy.objects.filter(person=person).exists()


def test_record_cleared_date_that_is_not_a_date_answers_400(api, tree, secretary):
    person = PersonFactory(unit=tree.cell_a)
    with at(D(2026, 3, 2)):
        response = api(secretary).post("/api/v1/candidacies/", {
            "person": person.pk, "cell": tree.cell_a.pk, "is_readmission": True, "record_cleared_on": "2021-02-30",
        }, format="json")  # fmt: skip

    assert response.status_code == 400
    assert "record_cleared_on" in response.data

"""Who viewed or exported whose record: every detail page, export and scan names each person shown;
lists record their search. Administrators and auditors search it over their subtree."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from partycell.privacy.access import log_access
from partycell.privacy.models import AccessLogEntry, AccessLogPerson
from tests.factories import CandidacyFactory, PersonFactory, Role, UserFactory, assign_role


def _people_of(entry: AccessLogEntry) -> list[int]:
    return sorted(AccessLogPerson.objects.filter(entry=entry).values_list("person_id", flat=True))


@pytest.fixture
def person(tree):
    return PersonFactory(unit=tree.cell_a, full_name="Nguyễn Văn An")


def test_person_page_records_who_saw_which_person(client, secretary, person):
    client.force_login(secretary)

    response = client.get(reverse("person-detail", args=[person.pk]))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.what, entry.path) == (secretary, "person page", f"/people/{person.pk}/")
    assert _people_of(entry) == [person.pk]


def test_person_page_of_another_unit_answers_404_and_records_nothing(client, secretary, tree):
    stranger = PersonFactory(unit=tree.other_cell)
    client.force_login(secretary)

    assert client.get(reverse("person-detail", args=[stranger.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_candidacy_page_records_the_candidate(client, secretary, person):
    candidacy = CandidacyFactory(person=person, cell=person.unit)
    client.force_login(secretary)

    client.get(reverse("candidacy-detail", args=[candidacy.pk]))

    assert _people_of(AccessLogEntry.objects.get(what="candidacy page")) == [person.pk]


def test_people_list_records_the_search_not_the_rows(client, secretary, person):
    PersonFactory(unit=person.unit)
    client.force_login(secretary)

    client.get(reverse("person-list"), {"q": "nguyen"})

    entry = AccessLogEntry.objects.get()
    assert (entry.what, entry.query, entry.person_count) == ("people list", "q=nguyen", 0)
    assert _people_of(entry) == []


def test_people_export_records_each_person_exported(client, commune_staff, tree):
    exported = [PersonFactory(unit=tree.cell_a), PersonFactory(unit=tree.cell_c)]
    PersonFactory(unit=tree.other_cell)  # out of scope: neither exported nor recorded
    client.force_login(commune_staff)

    response = client.get(reverse("person-export"))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.what == "people export"
    assert _people_of(entry) == sorted(p.pk for p in exported)
    assert entry.person_count == 2


def test_candidacy_export_records_each_candidate(client, commune_staff, tree):
    candidacies = [CandidacyFactory(cell=tree.cell_a), CandidacyFactory(cell=tree.cell_c)]
    client.force_login(commune_staff)

    client.get(reverse("candidacy-export"))

    assert _people_of(AccessLogEntry.objects.get()) == sorted(c.person_id for c in candidacies)


def test_api_person_detail_records_the_person_and_the_list_its_query(secretary, person):
    api = APIClient()
    api.force_authenticate(secretary)

    assert api.get(f"/api/v1/people/{person.pk}/").status_code == 200
    assert api.get("/api/v1/people/", {"q": "an"}).status_code == 200

    detail, listing = AccessLogEntry.objects.order_by("id")
    assert (detail.what, _people_of(detail)) == ("API person", [person.pk])
    assert (listing.what, listing.query, _people_of(listing)) == ("API people list", "q=an", [])


def test_api_candidacy_detail_records_the_candidate(secretary, person):
    candidacy = CandidacyFactory(person=person, cell=person.unit)
    api = APIClient()
    api.force_authenticate(secretary)

    assert api.get(f"/api/v1/candidacies/{candidacy.pk}/").status_code == 200

    assert _people_of(AccessLogEntry.objects.get(what="API candidacy")) == [person.pk]


def test_log_access_keeps_ids_only(tree, secretary, person):
    entry = log_access(user=secretary, person_ids=[person.pk, person.pk], what="dossier")

    assert entry.person_count == 1
    assert person.full_name not in str(AccessLogEntry.objects.filter(pk=entry.pk).values().get())


# --- Searching the log ---------------------------------------------------------------------------


def test_auditor_finds_who_viewed_a_person_of_the_subtree(client, auditor, secretary, person):
    log_access(user=secretary, person_ids=[person.pk], what="person page")
    client.force_login(auditor)

    response = client.get(reverse("privacy:access-log"), {"person": "nguyen van an"})

    assert response.status_code == 200
    assert [(e.user, e.what) for e, _people in response.context["rows"]] == [(secretary, "person page")]
    assert "Nguyễn Văn An" in response.content.decode()


def test_auditor_of_another_commune_does_not_see_the_entry(client, tree, secretary, person):
    log_access(user=secretary, person_ids=[person.pk], what="person page")
    elsewhere = UserFactory(username="kiemtra_xa_khac")
    assign_role(elsewhere, Role.BOARD_STAFF, tree.other_commune)
    client.force_login(elsewhere)

    response = client.get(reverse("privacy:access-log"))

    assert response.context["rows"] == []


def test_administrator_sees_list_searches_of_users_in_the_subtree(client, tree, secretary):
    log_access(user=secretary, person_ids=[], what="people list", query="q=an")
    administrator = UserFactory(username="quantri_xa")
    assign_role(administrator, Role.ADMINISTRATOR, tree.commune)
    client.force_login(administrator)

    response = client.get(reverse("privacy:access-log"), {"what": "list"})

    assert [e.query for e, _people in response.context["rows"]] == ["q=an"]


@pytest.mark.parametrize("persona", ["secretary", "commune_staff", "outsider"])
def test_access_log_is_refused_to_other_roles(db, client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("privacy:access-log")).status_code == 403


def test_access_log_search_with_a_bad_date_answers_the_form_error(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("privacy:access-log"), {"since": "31/02/2026"})

    assert response.status_code == 200
    assert response.context["form"].errors["since"]

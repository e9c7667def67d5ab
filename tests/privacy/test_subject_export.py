"""A person's data on request: one JSON document, for those who may edit the record, logged."""

import json

from django.urls import reverse

from partycell.privacy.models import AccessLogEntry
from tests.factories import CandidacyFactory, PersonChangeFactory, PersonFactory, TransitionLogFactory


def test_staff_export_everything_held_on_a_person(client, tree, commune_staff):
    person = PersonFactory(unit=tree.cell_a, full_name="Trần Thị Bình", citizen_id="001190012345")
    candidacy = CandidacyFactory(person=person, cell=tree.cell_a)
    TransitionLogFactory(candidacy=candidacy, note="Họp chi bộ")
    PersonChangeFactory(person=person, reason="Sai chính tả")
    client.force_login(commune_staff)

    response = client.get(reverse("privacy:person-data", args=[person.pk]))

    data = json.loads(response.content)
    assert response.status_code == 200
    assert (data["person"]["full_name"], data["person"]["citizen_id"]) == ("Trần Thị Bình", "001190012345")
    assert [t["note"] for t in data["candidacies"][0]["trail"]] == ["Họp chi bộ"]
    assert [c["reason"] for c in data["corrections"]] == ["Sai chính tả"]
    assert AccessLogEntry.objects.get().what == "personal data export"


def test_auditor_and_other_communes_cannot_export_a_person(client, tree, auditor):
    person = PersonFactory(unit=tree.cell_a)
    client.force_login(auditor)

    assert client.get(reverse("privacy:person-data", args=[person.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()

"""The history of a case reads as sentences with labelled values, in Vietnamese and in English: no raw
keys, dicts, enum values or Python values (issue 11, item 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MembershipFactory, PersonFactory
from tests.walk import D, ServiceWalk, at
from workflows.services import candidacy_create

RAW = [
    "months_together", "is_readmission", "is_replacement", "organisation_introduction", "secret_ballot", "{'",
    "None", "form_code", "from_stage", "_date", "eligible_on_roll", "Mentor assign", "Document add",
]  # fmt: skip


@pytest.fixture
def official(tree, secretary, grassroots_staff, commune_standing):
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]

    with at(D(2025, 9, 1)):
        candidacy = candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a,
                                     full_name="Đỗ Minh Khoa"), cell=tree.cell_a)  # fmt: skip
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll[:2])  # fmt: skip
    return walk.through("recognition_decide")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_history_of_a_whole_walk_has_no_raw_keys_or_values(official, secretary, client, language):
    client.force_login(secretary)

    page = client.get(reverse("candidacy-detail", args=[official.pk]), HTTP_ACCEPT_LANGUAGE=language)

    html = page.content.decode()
    history = html[html.index('id="timeline-title"'):]
    assert page.status_code == 200
    assert [raw for raw in RAW if raw in history] == []
    entries = page.context["timeline"]
    assert len(entries) >= 16
    assert all(entry.label and "_" not in entry.label for entry in entries)


def test_history_shows_the_vote_as_a_count_and_the_introducers_by_name(official, secretary, client):
    client.force_login(secretary)

    page = client.get(reverse("candidacy-detail", args=[official.pk]), HTTP_ACCEPT_LANGUAGE="en")

    entries: dict[str, dict[str, str]] = {}
    for entry in page.context["timeline"]:
        entries.setdefault(entry.log.action, dict(entry.evidence))  # the first of each action
    assert entries["cell_vote"]["Vote"] == "attempt 1, passed (at least 2/3 of the members entitled to vote)"
    assert entries["cell_vote"]["Voting method"] == "Secret ballot"
    assert entries["mentor_assign"]["Role"] == "Introducer"
    assert entries["mentor_assign"]["Party member"]


def test_the_page_finds_each_entrys_amendments_among_the_entries_it_read(official, secretary, client):
    """A correction or a reversal is an entry of the same case: the gate's ``is_reversed`` reads them from
    the history already on the page, never one query per entry (nor a second read of the trail)."""
    client.force_login(secretary)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("candidacy-detail", args=[official.pk]))

    assert page.status_code == 200
    amendment_reads = [q["sql"] for q in captured if 'WHERE "workflows_transitionlog"."corrects_id"' in q["sql"]]
    assert amendment_reads == []

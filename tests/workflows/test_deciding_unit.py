"""Every decision entry of the audit trail names the unit that took it, as competent on the event date
(issue 12, item 5): the cell for its votes, the grassroots committee for its review, the competent
committee for its decisions; entries that decide nothing name none."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from partycell.privacy.append_only import audit_unlocked
from tests.factories import MembershipFactory, PersonFactory
from tests.walk import D, ServiceWalk, at
from workflows.models import TransitionLog
from workflows.services import candidacy_create

backfill = importlib.import_module("workflows.migrations.0009_transition_deciding_unit")


@pytest.fixture
def recognised(tree, secretary, grassroots_staff, commune_standing):
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with at(D(2025, 9, 1)):
        candidacy = candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a), cell=tree.cell_a)
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll[:2])  # fmt: skip
    return walk.through("recognition_decide")


def _deciders(candidacy) -> dict[str, object]:
    return {log.action: log.deciding_unit for log in TransitionLog.objects.filter(candidacy=candidacy)}


def test_each_decision_entry_names_the_body_that_took_it(recognised, tree):
    deciders = _deciders(recognised)

    assert deciders["cell_vote"] == tree.cell_a
    assert deciders["grassroots_vote"] == tree.grassroots
    assert deciders["admission_decide"] == tree.commune
    assert deciders["recognition_vote"] == tree.cell_a
    assert deciders["recognition_review"] == tree.grassroots
    assert deciders["recognition_decide"] == tree.commune


def test_entries_that_decide_nothing_name_no_deciding_unit(recognised):
    deciders = _deciders(recognised)

    for action in ("candidacy_create", "sympathiser_add", "file_open", "mentor_assign", "document_add",
                   "ceremony_hold"):  # fmt: skip
        assert deciders[action] is None, action


def test_the_migration_fills_the_deciding_unit_of_entries_written_before_it(recognised, tree):
    with audit_unlocked(connection):  # the entries as they were before the field existed
        TransitionLog.objects.filter(candidacy=recognised).update(deciding_unit=None)

    backfill.fill_deciding_unit(apps, None)

    deciders = _deciders(recognised)
    assert deciders["admission_decide"] == tree.commune
    assert deciders["grassroots_vote"] == tree.grassroots
    assert deciders["cell_vote"] == tree.cell_a
    assert deciders["ceremony_hold"] is None


def test_the_history_says_who_decided(recognised, secretary, client, tree):
    client.force_login(secretary)

    page = client.get(f"/candidacies/{recognised.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    decided = [entry.deciding for entry in page.context["timeline"] if entry.log.action == "admission_decide"]
    assert decided == [tree.commune.name]
    assert f"Decided by {tree.commune.name}." in page.content.decode()


def test_the_history_names_the_deciding_committee_as_it_was_called_on_the_decision_date(recognised, secretary, client,
                                                                                          tree):  # fmt: skip
    from partycell.organisations.services import Decision, unit_rename

    with at(D(2027, 7, 1)):
        unit_rename(unit=tree.commune, name="Đảng ủy phường Tích Lương", effective_on=D(2027, 7, 1),
                    decision=Decision("77-QĐ/TU", D(2027, 6, 25), "Ban Thường vụ Tỉnh ủy"))  # fmt: skip
        client.force_login(secretary)
        page = client.get(f"/candidacies/{recognised.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    decided = {entry.log.action: entry.deciding for entry in page.context["timeline"]}
    assert decided["admission_decide"] == "Đảng ủy phường Phan Đình Phùng"
    assert decided["recognition_decide"] == "Đảng ủy phường Phan Đình Phùng"

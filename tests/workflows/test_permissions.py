"""Who may act, per stage: cell officers, grassroots staff, the competent committee; never auditors."""

import datetime

import pytest
import time_machine
from django_fsm import has_transition_perm

from partycell.accounts.models import Role
from partycell.organisations.models import AuthorityGrant
from tests.factories import CandidacyFactory, PersonFactory, UserFactory, assign_role, make_grant
from tests.walk import D, perform
from workflows import permissions, services
from workflows.enums import Stage
from workflows.exceptions import ActionNotAllowed


@pytest.fixture
def personas(tree, secretary, grassroots_staff, commune_staff, commune_standing, auditor, outsider):
    administrator = UserFactory(username="quantri")
    assign_role(administrator, Role.ADMINISTRATOR, tree.province)
    other_secretary = UserFactory(username="bithu_b")
    assign_role(other_secretary, Role.CELL_SECRETARY, tree.cell_b)
    return {
        "secretary": secretary, "other_secretary": other_secretary, "grassroots_staff": grassroots_staff,
        "commune_staff": commune_staff, "commune_standing": commune_standing, "auditor": auditor,
        "outsider": outsider, "administrator": administrator,
    }  # fmt: skip


MATRIX = [
    # (action, stage, personas allowed); everyone else is refused.
    # Committee staff above the cell log candidates and build their file; the cell's votes stay its own.
    ("sympathiser_add", Stage.SOURCE, {"secretary", "grassroots_staff", "commune_staff", "administrator"}),
    ("file_open", Stage.CLASS_DONE, {"secretary", "grassroots_staff", "commune_staff", "administrator"}),
    ("cell_vote", Stage.INTRODUCED, {"secretary", "administrator"}),
    ("withdraw", Stage.CELL_APPROVED, {"secretary", "administrator"}),
    ("ceremony_hold", Stage.ADMISSION_DECIDED, {"secretary", "administrator"}),
    ("recognition_vote", Stage.PROBATIONARY, {"secretary", "administrator"}),
    ("history_verify", Stage.FILE_OPEN, {"grassroots_staff", "commune_staff", "administrator"}),
    ("grassroots_vote", Stage.CELL_APPROVED, {"grassroots_staff", "commune_staff", "administrator"}),
    ("recognition_review", Stage.RECOGNITION_PROPOSED, {"grassroots_staff", "commune_staff", "administrator"}),
    ("admission_decide", Stage.GRASSROOTS_APPROVED, {"commune_standing", "commune_staff", "administrator"}),
    ("competent_reject", Stage.GRASSROOTS_APPROVED, {"commune_standing", "commune_staff", "administrator"}),
    ("recognition_decide", Stage.RECOGNITION_REVIEWED, {"commune_standing", "commune_staff", "administrator"}),
    ("probation_remove", Stage.PROBATIONARY, {"commune_standing", "commune_staff", "administrator"}),
    ("admission_annul", Stage.OFFICIAL, {"commune_standing", "commune_staff", "administrator"}),
]
PERSONAS = ["secretary", "other_secretary", "grassroots_staff", "commune_staff", "commune_standing", "auditor",
            "outsider", "administrator"]  # fmt: skip


@pytest.mark.parametrize(("action", "stage", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix_per_stage(tree, personas, action, stage, allowed, persona):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=stage)

    reasons = permissions.reasons(action, user=personas[persona], candidacy=candidacy, on=D(2026, 3, 2))

    assert (reasons == []) is (persona in allowed)


def test_permission_is_wired_into_the_transition(tree, secretary, outsider):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    assert has_transition_perm(candidacy.sympathiser_add, secretary) is True
    assert has_transition_perm(candidacy.sympathiser_add, outsider) is False


def test_auditor_is_told_that_auditors_do_not_act(tree, auditor):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED)

    reasons = permissions.reasons("admission_decide", user=auditor, candidacy=candidacy, on=D(2026, 3, 2))

    assert reasons == ["Party-building and organisation board staff audit the procedure; they do not act on it."]


def test_decision_authority_moves_to_the_grassroots_committee_with_a_delegation_grant(tree, grassroots_staff):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CELL_APPROVED, cell_resolution_date=D(2026, 3, 2))
    make_grant(tree.grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED, valid_from=D(2026, 3, 10))

    before = permissions.reasons("admission_decide", user=grassroots_staff, candidacy=candidacy, on=D(2026, 3, 9))
    after = permissions.reasons("admission_decide", user=grassroots_staff, candidacy=candidacy, on=D(2026, 3, 10))

    assert before != []
    assert after == []


def test_commune_standing_loses_nothing_when_the_grassroots_committee_is_delegated(tree, commune_standing):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CELL_APPROVED)
    make_grant(tree.grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED, valid_from=D(2026, 3, 10))

    # The commune committee sits above the delegated committee, so it may still decide.
    assert permissions.reasons("admission_decide", user=commune_standing, candidacy=candidacy, on=D(2026, 3, 12)) == []


def test_decision_dated_before_the_grant_is_refused_to_the_grassroots_committee(tree, grassroots_staff):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED, cell_resolution_date=D(2026, 3, 2))
    make_grant(tree.grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED, valid_from=D(2026, 3, 10))
    data = {"decision_number": "7-QĐ/ĐU", "decision_date": "2026-03-09"}

    with pytest.raises(ActionNotAllowed) as refused:
        perform(grassroots_staff, candidacy, "admission_decide", data, today=D(2026, 3, 12))

    assert refused.value.reasons == [f"Only {tree.commune} (or a committee above it) may decide this."]
    assert candidacy.stage == Stage.GRASSROOTS_APPROVED


def test_secretary_cannot_open_a_candidacy_in_another_cell(tree, secretary):
    person = PersonFactory(unit=tree.cell_b)

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9), tick=False), pytest.raises(ActionNotAllowed):
        services.candidacy_create(actor=secretary, person=person, cell=tree.cell_b)

    assert not person.candidacies.exists()

"""The whole transition graph as a table: stage -> the exact set of actions offered."""

import datetime

import pytest
from django_fsm import TransitionNotAllowed

from partycell.organisations.models import AuthorityGrant
from tests.factories import CandidacyFactory, make_grant, make_unit
from workflows import actions, gate
from workflows.enums import Phase, Stage

EXITS_BEFORE_VOTE = {"cell_reject", "withdraw"}
ON_PROBATION = {"probation_remove", "admission_annul"}

# Cell A: subordinate cell -> grassroots committee (votes) -> commune standing committee (decides).
GRAPH_WITH_GRASSROOTS_COMMITTEE = [
    (Stage.SOURCE, "", {"sympathiser_add"} | EXITS_BEFORE_VOTE),
    (Stage.SYMPATHISER, "", {"awareness_class_record"} | EXITS_BEFORE_VOTE),
    (Stage.CLASS_DONE, "", {"file_open"} | EXITS_BEFORE_VOTE),
    (Stage.FILE_OPEN, "", {"history_verify"} | EXITS_BEFORE_VOTE),
    (Stage.VERIFIED, "", {"introduction_record"} | EXITS_BEFORE_VOTE),
    (Stage.INTRODUCED, "", {"cell_vote"} | EXITS_BEFORE_VOTE),
    (Stage.CELL_APPROVED, "", {"grassroots_vote", "grassroots_reject", "withdraw"}),
    (Stage.PARTIAL_APPRAISED, "", {"grassroots_vote", "grassroots_reject", "withdraw"}),
    (Stage.GRASSROOTS_APPROVED, "", {"admission_decide", "competent_reject", "withdraw"}),
    (Stage.ESCALATED, Phase.ADMISSION,
     {"admission_decide", "competent_reject", "withdraw", "escalation_revote", "escalation_pause"}),
    (Stage.ADMISSION_DECIDED, "", {"ceremony_hold", "admission_annul"}),
    (Stage.PROBATIONARY, "", {"recognition_vote"} | ON_PROBATION),
    (Stage.RECOGNITION_PROPOSED, "", {"recognition_review"} | ON_PROBATION),
    (Stage.RECOGNITION_REVIEWED, "", {"recognition_decide"} | ON_PROBATION),
    (Stage.REMOVAL_PROPOSED, "", ON_PROBATION),
    (Stage.ESCALATED, Phase.RECOGNITION, {"recognition_decide"} | ON_PROBATION),
    (Stage.OFFICIAL, "", {"admission_annul"}),
    (Stage.WITHDRAWN, "", set()),
    (Stage.REJECTED, "", set()),
    (Stage.REMOVED, "", set()),
    (Stage.ANNULLED, "", set()),
]


def _offered(candidacy, user) -> set[str]:
    """The stage-moving actions on this case's path from its stage (whoever may take them)."""
    today = datetime.date.today()
    return {spec.name for spec in actions.transition_specs() if not gate.path_refusals(candidacy, spec, on=today)}


@pytest.mark.parametrize(("stage", "phase", "expected"), GRAPH_WITH_GRASSROOTS_COMMITTEE)
def test_graph_subordinate_cell_offers_exactly_these_actions(tree, secretary, stage, phase, expected):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=stage, escalated_phase=phase)

    assert _offered(candidacy, secretary) == expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.CELL_APPROVED, {"admission_decide", "competent_reject", "withdraw"}),
        (Stage.RECOGNITION_PROPOSED, {"recognition_decide"} | ON_PROBATION),
    ],
)
def test_graph_grassroots_cell_goes_straight_to_the_competent_committee(tree, secretary_c, stage, expected):
    candidacy = CandidacyFactory(cell=tree.cell_c, stage=stage)

    assert _offered(candidacy, secretary_c) == expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.CELL_APPROVED, {"delegated_admission_vote", "competent_reject", "withdraw"}),
        (Stage.GRASSROOTS_APPROVED, {"admission_decide", "competent_reject", "withdraw"}),
        (Stage.RECOGNITION_PROPOSED, {"delegated_recognition_vote"} | ON_PROBATION),
        (Stage.RECOGNITION_REVIEWED, {"recognition_decide"} | ON_PROBATION),
    ],
)
def test_graph_delegated_grassroots_committee_decides_after_its_own_vote(tree, secretary, stage, expected):
    make_grant(tree.grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED, valid_from=datetime.date(2025, 7, 1))
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=stage)

    assert _offered(candidacy, secretary) == expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage.CELL_APPROVED, {"partial_appraise", "withdraw"}),
        (Stage.PARTIAL_APPRAISED, {"grassroots_vote", "grassroots_reject", "withdraw"}),
    ],
)
def test_graph_partial_committee_appraises_before_the_grassroots_committee(tree, stage, expected):
    partial = make_unit("partial_committee", parent=tree.grassroots)
    cell = make_unit("subordinate_cell", parent=partial)
    candidacy = CandidacyFactory(cell=cell, stage=stage)

    assert _offered(candidacy, None) == expected


def test_transition_from_the_wrong_stage_is_refused(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    with pytest.raises(TransitionNotAllowed):
        candidacy.ceremony_hold(on=datetime.date(2026, 3, 1), received_on=None)

    assert candidacy.stage == Stage.SOURCE


def test_stage_cannot_be_assigned_directly(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    with pytest.raises(AttributeError):
        candidacy.stage = Stage.OFFICIAL

"""The cell vote: two thirds of the official members entitled to vote, never of those present.

Charter art. 4: a cell admits when at least two thirds of its official members approve. The
service tables walk a real case to the "introduced" stage (tests/walk.py) with a roll of
official members in cell A, then record the vote through ``candidacy_perform``; the number entitled
comes from the roll on the meeting date. The last table is ``vote_passes`` on its own, with exact
fractions at the boundaries.
"""

import datetime
from fractions import Fraction

import pytest
import time_machine

from partycell.rulebook.models import Rule
from tests.factories import MembershipFactory, PersonFactory
from tests.walk import D, perform, to_introduced, vote
from workflows import rules, services
from workflows.enums import FormCode, Stage
from workflows.models import Vote
from workflows.rules import RuleReader

MEETING = D(2026, 3, 3)


def _roll(cell, official: int, *, probationary: int = 0) -> list:
    """``official`` members recognised in 2016 and ``probationary`` ones admitted in 2025, not yet recognised."""
    members = [MembershipFactory(cell=cell) for _ in range(official)]
    members += [
        MembershipFactory(
            cell=cell,
            admission_decision_date=D(2025, 6, 2),
            ceremony_date=D(2025, 6, 20),
            recognition_date=None,
            status="probationary",
        )  # fmt: skip
        for _ in range(probationary)
    ]
    return members


def _introduced(tree, secretary, grassroots_staff, roll):
    """A candidacy in cell A walked from "source" to "introduced" with the real services."""
    person = PersonFactory(unit=tree.cell_a, date_of_birth=D(1999, 4, 2))
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        candidacy = services.candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    return to_introduced(candidacy, secretary=secretary, grassroots_actor=grassroots_staff, introducers=roll[:2])


@pytest.fixture
def case_with_roll(tree, secretary, grassroots_staff):
    """Build a roll of ``official`` (+ ``probationary``) members in cell A and a case walked to "introduced"."""

    def build(official: int, *, probationary: int = 0):
        roll = _roll(tree.cell_a, official, probationary=probationary)
        return _introduced(tree, secretary, grassroots_staff, roll)

    return build


def _rule_from(day: datetime.date, rule_id: str, **value) -> None:
    """A new version of ``rule_id`` in force from ``day`` (an administrator's edit of the rulebook)."""
    current = Rule.objects.get(rule_id=rule_id, effective_to__isnull=True)
    current.effective_to = day - datetime.timedelta(days=1)
    current.save()
    Rule.objects.create(rule_id=rule_id, regulation="999-QĐ/TW", effective_from=day, confidence="L", **value)


def _cell_vote(secretary, candidacy, *, in_favour: int, present: int, against: int = 0):
    """Record the cell vote on 3 March 2026; the number entitled is left to the roll."""
    data = vote(MEETING, in_favour=in_favour, present=present, against=against)
    return perform(secretary, candidacy, "cell_vote", data, today=MEETING)


def _outcome(candidacy) -> tuple:
    """What the secretary sees after the vote: stage, resolution issued, the vote as recorded."""
    recorded = Vote.objects.get(candidacy=candidacy)
    resolution = candidacy.documents.filter(form_code=FormCode.CELL_RESOLUTION).exists()
    return candidacy.stage, resolution, (recorded.eligible, recorded.present, recorded.in_favour, recorded.passed)


# --- Two thirds of the entitled members, through the service ------------------------------------------------


@pytest.mark.parametrize(
    ("entitled", "present", "in_favour", "passes"),
    [
        (8, 8, 5, False),  # 5/8 = 0.625 < 2/3; rounding 5.33 to the nearest whole member would pass it
        (8, 8, 6, True),
        (9, 9, 6, True),  # exactly two thirds
        (9, 9, 5, False),  # one under
        (9, 6, 6, True),  # three absent: six of nine entitled still approve
        (9, 5, 5, False),  # all five present approve, but five of nine is not two thirds
        (7, 7, 5, True),
        (7, 5, 4, False),  # 4/5 of those present, 4/7 of those entitled
    ],
    ids=["5-of-8-fails", "6-of-8-passes", "6-of-9-passes", "5-of-9-fails", "6-present-of-9-passes",
         "5-present-of-9-all-approve-fails", "5-of-7-passes", "4-of-5-present-of-7-fails"],
)  # fmt: skip
def test_cell_vote_needs_two_thirds_of_the_entitled_members(
    case_with_roll, secretary, entitled, present, in_favour, passes
):
    candidacy = case_with_roll(entitled)

    _cell_vote(secretary, candidacy, in_favour=in_favour, present=present)

    # A failed admission vote is reported upward at once (vote.admission_revotes_before_report = 0).
    stage = Stage.CELL_APPROVED if passes else Stage.ESCALATED
    assert _outcome(candidacy) == (stage, passes, (entitled, present, in_favour, passes))
    assert candidacy.failed_vote_count == (0 if passes else 1)


def test_cell_vote_failed_by_absentees_records_the_ratio_used(case_with_roll, secretary):
    candidacy = case_with_roll(9)

    _cell_vote(secretary, candidacy, in_favour=5, present=5)

    log = candidacy.transitions.get(action="cell_vote")
    charter = Rule.objects.get(rule_id="vote.cell_approval_ratio", effective_to__isnull=True)
    assert log.evidence["vote"]["passed"] is False
    assert log.evidence["vote"]["ratio"] == "2/3"
    assert log.rules["vote.cell_approval_ratio"] == {
        "value": "2/3",
        "regulation": charter.regulation,
        "effective_from": charter.effective_from.isoformat(),
        "on": "2026-03-03",
    }


def test_cell_vote_entitled_number_typed_in_counts_not_the_present(case_with_roll, secretary):
    candidacy = case_with_roll(9)
    data = vote(MEETING, in_favour=6, present=6, eligible=8, eligible_override_reason="One member is abroad.")

    perform(secretary, candidacy, "cell_vote", data, today=MEETING)

    assert _outcome(candidacy) == (Stage.CELL_APPROVED, True, (8, 6, 6, True))
    assert Vote.objects.get(candidacy=candidacy).eligible_on_roll == 9


# --- Who is entitled: official members on the meeting date ------------------------------------------------


def test_cell_vote_does_not_count_probationary_members_as_entitled(case_with_roll, secretary):
    # Six official and three probationary members: six are entitled, four approvals are two thirds.
    candidacy = case_with_roll(6, probationary=3)

    _cell_vote(secretary, candidacy, in_favour=4, present=6)

    assert _outcome(candidacy) == (Stage.CELL_APPROVED, True, (6, 6, 4, True))


def test_cell_vote_probationary_members_vote_when_the_rule_says_so(case_with_roll, secretary):
    _rule_from(D(2026, 1, 1), "vote.probationary_members_vote", value_type="boolean", value="true", unit="flag")
    candidacy = case_with_roll(6, probationary=3)

    _cell_vote(secretary, candidacy, in_favour=4, present=6)

    assert _outcome(candidacy) == (Stage.ESCALATED, False, (9, 6, 4, False))


def test_cell_vote_does_not_count_members_who_left_before_the_meeting(case_with_roll, secretary, tree):
    candidacy = case_with_roll(6)
    MembershipFactory(cell=tree.cell_a, left_on=D(2026, 3, 2), status="removed")
    MembershipFactory(cell=tree.cell_a, left_on=MEETING, status="removed")  # gone from the meeting day on
    MembershipFactory(cell=tree.cell_a, left_on=D(2026, 3, 4), status="removed")  # still a member that day

    _cell_vote(secretary, candidacy, in_favour=4, present=6)

    assert Vote.objects.get(candidacy=candidacy).eligible == 7


def test_vote_ratio_rule_set_to_yes_no_is_refused_not_read_as_unanimity(db):
    _rule_from(D(2026, 1, 1), "vote.cell_approval_ratio", value_type="boolean", value="true", unit="flag")

    with pytest.raises(TypeError, match=r"^Rule vote.cell_approval_ratio is True, not a ratio.$"):
        RuleReader(MEETING).ratio("vote.cell_approval_ratio")


def test_vote_ratio_rule_read_on_the_meeting_date(db):
    _rule_from(D(2026, 3, 4), "vote.cell_approval_ratio", value_type="fraction", value="3/4", unit="ratio")

    assert RuleReader(MEETING).ratio("vote.cell_approval_ratio") == Fraction(2, 3)
    assert RuleReader(D(2026, 3, 4)).ratio("vote.cell_approval_ratio") == Fraction(3, 4)


# --- vote_passes on its own: exact fractions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "in_favour", "eligible", "passes"),
    [
        (Fraction(2, 3), 0, 0, False),  # nobody entitled: no vote passes, not even unanimously
        (Fraction(2, 3), 1, 0, False),
        (Fraction(2, 3), 2, 3, True),  # exactly two thirds
        (Fraction(2, 3), 1, 3, False),
        (Fraction(2, 3), 6, 9, True),
        (Fraction(2, 3), 5, 9, False),  # one under
        (Fraction(2, 3), 5, 8, False),  # 5.33 needed: rounding down or to nearest would pass it
        (Fraction(2, 3), 6, 8, True),
        (Fraction(2, 3), 1, 1, True),
        (Fraction(2, 3), 0, 1, False),
        (Fraction(2, 3), 200, 300, True),
        (Fraction(2, 3), 199, 300, False),
        (Fraction(1, 2), 4, 8, True),  # a simple majority rule: exactly half
        (Fraction(1, 2), 3, 8, False),
        (Fraction(1, 2), 3, 5, True),
        (Fraction(1, 2), 2, 5, False),
        (Fraction(3, 4), 6, 8, True),
        (Fraction(3, 4), 5, 8, False),
        (Fraction(1), 7, 7, True),  # unanimity
        (Fraction(1), 6, 7, False),
    ],
)
def test_vote_passes_at_the_exact_fraction(ratio, in_favour, eligible, passes):
    assert rules.vote_passes(in_favour=in_favour, eligible=eligible, ratio=ratio) is passes

"""Votes and exits as domain.md says, each configurable by a rule (A9, 2A, B7, 2B, A10b, 3.3, A13).

Each table has a row that breaks the rule (a rule value changed in the rulebook) and shows the outcome change.
"""

import datetime
from fractions import Fraction

import pytest

from partycell.organisations.models import AuthorityGrant
from partycell.people.models import Membership
from partycell.rulebook.calendar import add_working_days
from partycell.rulebook.models import Rule
from tests.factories import AuthorityGrantFactory, CandidacyFactory, DocumentFactory, MentorshipFactory, PersonFactory
from tests.walk import STEPS, D, ServiceWalk, at, perform, vote
from workflows import gate
from workflows.enums import FormCode, Phase, Stage
from workflows.exceptions import ActionNotAllowed
from workflows.models import Candidacy, TransitionLog, Vote
from workflows.rules import RuleReader


def set_rule(rule_id: str, value: str) -> None:
    """Change the value of every version of ``rule_id`` (as an administrator would, for the test's dates)."""
    assert Rule.objects.filter(rule_id=rule_id).update(value=value) > 0


def _introduced(tree, roll_a) -> Candidacy:
    """A candidacy at INTRODUCED whose file passes every guard on 3 March 2026."""
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED,
                                 person=PersonFactory(unit=tree.cell_a, date_of_birth=D(1990, 1, 1)))  # fmt: skip
    for code in (FormCode.APPLICATION, FormCode.PERSONAL_HISTORY, FormCode.VERIFICATION, FormCode.INTRODUCTION,
                 FormCode.COMMENTS_SUMMARY):  # fmt: skip
        DocumentFactory(candidacy=candidacy, form_code=code, issued_on=D(2026, 1, 10))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2025, 10, 1))
    for member in roll_a[:2]:
        MentorshipFactory(candidacy=candidacy, mentor=member.person)
    return candidacy


@pytest.fixture
def introduced(tree, roll_a):
    return _introduced(tree, roll_a)


def _offered(user, candidacy, on) -> set[str]:
    with at(on):
        return {verdict.name for verdict in gate.offered_steps(user=user, candidacy=candidacy, on=on)}


# --- A failed admission vote is reported upward (A9, 2A); "re-vote up to N" is a rule ---------------------------


@pytest.mark.parametrize(("revotes", "failed_before_report"), [(0, 1), (1, 2), (2, 3)])
def test_a_failed_admission_vote_is_reported_upward_after_the_rules_revotes(
    introduced, secretary, revotes, failed_before_report
):
    set_rule("vote.admission_revotes_before_report", str(revotes))
    stages = []
    for day in range(3, 3 + failed_before_report):
        perform(secretary, introduced, "cell_vote", vote(D(2026, 3, day), in_favour=4), today=D(2026, 3, day))
        stages.append(introduced.stage)

    assert stages == [Stage.INTRODUCED] * (failed_before_report - 1) + [Stage.ESCALATED]
    assert introduced.escalated_phase == Phase.ADMISSION
    log = TransitionLog.objects.filter(candidacy=introduced, action="cell_vote").last()
    assert log.rules["vote.admission_revotes_before_report"]["value"] == str(revotes)
    assert log.rules["vote.admission_revotes_before_report"]["regulation"] == "06-HD/TW"


def test_the_reported_vote_waits_on_the_superior_committee_not_the_cell(introduced, secretary, commune_staff):
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=4), today=D(2026, 3, 3))

    assert _offered(secretary, introduced, D(2026, 3, 4)) & {"cell_vote", "escalation_revote"} == set()
    assert {"escalation_revote", "escalation_pause", "competent_reject", "admission_decide"} <= _offered(
        commune_staff, introduced, D(2026, 3, 4)
    )


def test_the_superior_committee_lets_the_cell_vote_again(introduced, secretary, commune_staff):
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=4), today=D(2026, 3, 3))

    perform(commune_staff, introduced, "escalation_revote",
            {"decision_date": "2026-03-10", "decision_number": "45-TB/ĐU", "reason": "Bồi dưỡng thêm"},
            today=D(2026, 3, 10))  # fmt: skip
    assert (introduced.stage, introduced.failed_vote_count, introduced.escalated_phase) == (Stage.INTRODUCED, 0, "")
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 17), in_favour=5), today=D(2026, 3, 17))

    assert introduced.stage == Stage.CELL_APPROVED
    assert list(Vote.objects.filter(candidacy=introduced).values_list("passed", flat=True)) == [False, True]
    assert introduced.documents.filter(form_code=FormCode.OTHER, number="45-TB/ĐU").exists()


def test_a_paused_admission_cannot_be_voted_on_before_the_day_the_superior_set(introduced, secretary, commune_staff):
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=4), today=D(2026, 3, 3))
    perform(commune_staff, introduced, "escalation_pause",
            {"decision_date": "2026-03-10", "reason": "Tiếp tục bồi dưỡng", "paused_until": "2026-06-01"},
            today=D(2026, 3, 10))  # fmt: skip

    assert (introduced.stage, introduced.paused_until) == (Stage.INTRODUCED, D(2026, 6, 1))
    with pytest.raises(ActionNotAllowed) as refused:
        perform(secretary, introduced, "cell_vote", vote(D(2026, 5, 29), in_favour=5), today=D(2026, 5, 29))
    assert "The superior committee paused the admission until 01/06/2026." in refused.value.reasons
    perform(secretary, introduced, "cell_vote", vote(D(2026, 6, 1), in_favour=5), today=D(2026, 6, 1))
    assert introduced.stage == Stage.CELL_APPROVED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision_date": "2026-03-10", "reason": "x", "paused_until": "2026-03-10"}, "paused_until"),
        ({"decision_date": "2026-03-10", "reason": "x", "paused_until": "2026-02-30"}, "paused_until"),
        ({"decision_date": "2026-03-02", "reason": "x", "paused_until": "2026-06-01"}, "decision_date"),
        ({"decision_date": "2026-03-10", "reason": "", "paused_until": "2026-06-01"}, "reason"),
    ],
    ids=["pause-ends-on-decision-day", "impossible-date", "decided-before-the-vote", "no-reason"],
)
def test_a_pause_with_bad_evidence_is_refused_and_nothing_changes(introduced, secretary, commune_staff, data, field):
    from workflows.exceptions import EvidenceInvalid

    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=4), today=D(2026, 3, 3))

    with pytest.raises(EvidenceInvalid) as refused:
        perform(commune_staff, introduced, "escalation_pause", data, today=D(2026, 3, 10))

    assert field in refused.value.errors
    introduced.refresh_from_db()
    assert (introduced.stage, introduced.paused_until) == (Stage.ESCALATED, None)


def test_the_superior_committee_drops_the_reported_case(introduced, secretary, commune_staff):
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=4), today=D(2026, 3, 3))

    perform(commune_staff, introduced, "competent_reject", {"exit_date": "2026-03-10", "reason": "Chưa đủ điều kiện"},
            today=D(2026, 3, 10))  # fmt: skip

    assert introduced.stage == Stage.REJECTED


# --- Two thirds against recognition: a proposal to remove (B7, 2B) ---------------------------------------------


@pytest.fixture
def probationary(tree, secretary, grassroots_staff, commune_staff, roll_a):
    """The shared walk's case, after its ceremony of 20 April 2026 and the recognition file."""
    candidacy = CandidacyFactory(cell=tree.cell_a, person=PersonFactory(unit=tree.cell_a))
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_staff,
                       introducers=roll_a[:2])  # fmt: skip
    walk.through("document_add")
    return candidacy


@pytest.mark.parametrize(
    ("in_favour", "against", "ratio", "stage"),
    [
        (0, 5, "2/3", Stage.REMOVAL_PROPOSED),  # 5 of 7 against: more than two thirds
        (2, 4, "2/3", Stage.PROBATIONARY),  # 4 of 7: short of two thirds; a failed vote, counted
        (7, 0, "2/3", Stage.RECOGNITION_PROPOSED),
        (2, 4, "1/2", Stage.REMOVAL_PROPOSED),  # the rule changed: half against proposes removal
    ],
)
def test_two_thirds_against_recognition_is_a_proposal_to_remove(probationary, secretary, in_favour, against, ratio,
                                                                 stage):  # fmt: skip
    set_rule("recognition.removal_ratio_against", ratio)

    perform(secretary, probationary, "recognition_vote",
            vote(D(2027, 4, 27), in_favour=in_favour, against=against, present=7), today=D(2027, 4, 27))  # fmt: skip

    assert probationary.stage == stage
    log = TransitionLog.objects.filter(candidacy=probationary, action="recognition_vote").get()
    if stage == Stage.REMOVAL_PROPOSED:
        assert log.evidence["vote"]["proposes_removal"] is True
        assert probationary.documents.get(form_code=FormCode.CELL_MINUTES, issued_on=D(2027, 4, 27)).number == (
            "12-NQ/CB"
        )
        assert probationary.stage_due_on == add_working_days(D(2027, 4, 27), 30)


def test_the_competent_committee_decides_the_removal_the_cell_proposed(probationary, secretary, commune_staff):
    perform(secretary, probationary, "recognition_vote", vote(D(2027, 4, 27), in_favour=0, against=6, present=7),
            today=D(2027, 4, 27))  # fmt: skip

    offered = _offered(commune_staff, probationary, D(2027, 5, 3))
    assert "probation_remove" in offered and "recognition_decide" not in offered
    perform(commune_staff, probationary, "probation_remove",
            {"decision_number": "77-QĐ/ĐU", "decision_date": "2027-05-03", "reason": "Không đủ tư cách"},
            today=D(2027, 5, 3))  # fmt: skip
    assert probationary.stage == Stage.REMOVED
    assert Membership.objects.get(person=probationary.person).status == "removed"


# --- Removal without a cell resolution only where a rule allows it (2B) ------------------------------------------


REMOVE = {"decision_number": "77-QĐ/ĐU", "decision_date": "2026-09-01", "reason": "Vi phạm tư cách"}


@pytest.mark.parametrize(
    ("cell_resolution", "rule", "allowed"),
    [
        (None, "true", False),
        (D(2026, 8, 20), "true", True),  # the cell's resolution, during probation
        (D(2026, 4, 1), "true", False),  # a cell resolution from before the ceremony is not this one
        (None, "false", True),  # the rule allows removal without it
    ],
)
def test_removal_needs_the_cells_resolution_unless_a_rule_allows_it(
    probationary, commune_staff, cell_resolution, rule, allowed
):
    set_rule("removal.requires_cell_resolution", rule)
    if cell_resolution:
        DocumentFactory(candidacy=probationary, form_code=FormCode.CELL_MINUTES, issued_on=cell_resolution)

    if allowed:
        perform(commune_staff, probationary, "probation_remove", REMOVE, today=D(2026, 9, 1))
        assert probationary.stage == Stage.REMOVED
    else:
        with pytest.raises(ActionNotAllowed) as refused:
            perform(commune_staff, probationary, "probation_remove", REMOVE, today=D(2026, 9, 1))
        expected = "The cell's resolution proposing removal must be recorded first (Điều lệ Đảng)."
        assert refused.value.reasons == [expected]
        probationary.refresh_from_db()
        assert probationary.stage == Stage.PROBATIONARY


# --- A delegated grassroots committee records its own vote (A10b, 3.3) -------------------------------------------


@pytest.fixture
def delegated(tree, introduced, secretary):
    AuthorityGrantFactory(unit=tree.grassroots, kind=AuthorityGrant.Kind.ADMISSION_DELEGATED)
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=5), today=D(2026, 3, 3))
    return introduced


DECIDE = {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-04-06", "received_on": "2026-04-08"}


def test_a_delegated_committee_votes_before_it_decides(delegated, grassroots_staff):
    offered = _offered(grassroots_staff, delegated, D(2026, 3, 20))

    assert "delegated_admission_vote" in offered
    assert {"admission_decide", "grassroots_vote"} & offered == set()


@pytest.mark.parametrize(
    ("in_favour", "ratio", "stage"),
    [(8, "2/3", Stage.GRASSROOTS_APPROVED), (7, "2/3", Stage.CELL_APPROVED), (6, "1/2", Stage.GRASSROOTS_APPROVED)],
    ids=["8-of-11-passes", "7-of-11-fails", "rule-lowered-6-of-11-passes"],
)
def test_the_delegated_committees_vote_is_judged_by_the_decision_body_ratio(
    delegated, grassroots_staff, in_favour, ratio, stage
):
    set_rule("vote.decision_body_approval_ratio", ratio)

    perform(grassroots_staff, delegated, "delegated_admission_vote",
            vote(D(2026, 3, 20), in_favour=in_favour, eligible=11, present=11), today=D(2026, 3, 20))  # fmt: skip

    assert delegated.stage == stage
    recorded = Vote.objects.get(candidacy=delegated, body="competent")
    assert (recorded.ratio, recorded.passed) == (ratio, stage == Stage.GRASSROOTS_APPROVED)
    log = TransitionLog.objects.get(candidacy=delegated, action="delegated_admission_vote")
    assert log.rules["vote.decision_body_approval_ratio"]["value"] == ratio


def test_the_delegated_committee_decides_after_its_vote(delegated, grassroots_staff):
    perform(grassroots_staff, delegated, "delegated_admission_vote",
            vote(D(2026, 3, 20), in_favour=9, eligible=11), today=D(2026, 3, 20))  # fmt: skip

    perform(grassroots_staff, delegated, "admission_decide", DECIDE, today=D(2026, 4, 8))

    assert delegated.stage == Stage.ADMISSION_DECIDED
    assert delegated.documents.filter(form_code=FormCode.GRASSROOTS_RESOLUTION).count() == 1


# --- A late ceremony: a reason, and beyond the rule's limit the superior's approval (A13) ------------------------


@pytest.fixture
def decided(tree, secretary, grassroots_staff, commune_staff, roll_a):
    candidacy = CandidacyFactory(cell=tree.cell_a, person=PersonFactory(unit=tree.cell_a))
    ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_staff,
                introducers=roll_a[:2]).through("admission_decide")  # fmt: skip
    return candidacy


def _ceremony(secretary, candidacy, day: datetime.date, **extra) -> None:
    perform(secretary, candidacy, "ceremony_hold", {"ceremony_date": day.isoformat(), **extra}, today=day)


@pytest.mark.parametrize(
    ("late_by", "reason", "approval", "limit", "refusals"),
    [
        (0, "", False, "0", []),  # on the deadline
        (1, "", False, "0", ["reason", "approval"]),
        (1, "Bí thư đi công tác", False, "0", ["approval"]),
        (1, "Bí thư đi công tác", True, "0", []),
        (3, "Bí thư đi công tác", False, "5", []),  # the rule allows 5 working days with a reason only
        (6, "Bí thư đi công tác", False, "5", ["approval"]),
        (6, "", True, "5", ["reason"]),
    ],
)
def test_a_late_ceremony_needs_a_reason_and_beyond_the_limit_the_superiors_approval(
    decided, secretary, late_by, reason, approval, limit, refusals
):
    set_rule("ceremony.late_without_approval_working_days", limit)
    due = decided.stage_due_on
    day = add_working_days(due, late_by)
    extra = {"late_reason": reason}
    if approval:
        extra.update(approval_number="52-CV/ĐU", approval_date=add_working_days(due, 1).isoformat())

    if not refusals:
        _ceremony(secretary, decided, day, **extra)
        assert decided.stage == Stage.PROBATIONARY
        return
    with pytest.raises(ActionNotAllowed) as refused:
        _ceremony(secretary, decided, day, **extra)
    kinds = [("reason" if "record the reason" in r else "approval") for r in refused.value.reasons]
    assert kinds == refusals
    decided.refresh_from_db()
    assert decided.stage == Stage.ADMISSION_DECIDED
    assert not decided.documents.filter(form_code=FormCode.CEREMONY_RECORD).exists()


def test_a_late_ceremonys_reason_is_on_its_record_and_the_rule_on_the_audit_entry(decided, secretary):
    day = add_working_days(decided.stage_due_on, 2)

    _ceremony(secretary, decided, day, late_reason="Bí thư đi công tác", approval_number="52-CV/ĐU",
              approval_date=day.isoformat())  # fmt: skip

    assert decided.documents.get(form_code=FormCode.CEREMONY_RECORD).note == "Bí thư đi công tác"
    assert decided.documents.get(form_code=FormCode.SUPERIOR_APPROVAL).number == "52-CV/ĐU"
    log = TransitionLog.objects.get(candidacy=decided, action="ceremony_hold")
    assert log.rules["ceremony.late_without_approval_working_days"]["value"] == "0"


def test_the_late_ceremony_rule_is_read_from_the_texts_of_the_day(decided):
    reader = RuleReader(D(2019, 5, 2))

    assert reader.integer("ceremony.late_without_approval_working_days") == 0
    assert reader.used["ceremony.late_without_approval_working_days"]["regulation"] == "29-QĐ/TW"
    assert RuleReader(D(2019, 5, 2)).ratio("recognition.removal_ratio_against") == Fraction(2, 3)


def test_steps_shared_walk_still_holds_its_ceremony_in_time(db):
    # The shared walk's ceremony (20/04/2026) is inside 30 working days of receipt (08/04/2026).
    assert D.fromisoformat(STEPS["ceremony_hold"].evidence["ceremony_date"]) <= add_working_days(D(2026, 4, 8), 30)

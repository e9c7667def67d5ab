"""Introducers (domain.md A7): who counts, who is exempt from the 12 months, and the Youth Union path."""

import pytest

from partycell.organisations.models import Unit
from partycell.rulebook.models import Rule
from tests.factories import CandidacyFactory, MembershipFactory, MentorshipFactory, PersonFactory
from tests.walk import D, at
from workflows import rules, services
from workflows.enums import MentorKind, OrganisationIntroduction, Stage, TogetherBy
from workflows.exceptions import ActionNotAllowed
from workflows.models import Mentorship
from workflows.rules import RuleReader

MEETING = D(2026, 3, 2)
SHORT = "has not been together with the applicant for 12 months"
REPLACEMENT_NOT_EXEMPT = "is recorded as a replacement but replaces no introducer who left"


def _candidacy(cell, **person) -> object:
    return CandidacyFactory(cell=cell, stage=Stage.INTRODUCED, person=PersonFactory(unit=cell, **person))


def _judge(candidacy) -> list[str]:
    return [str(reason) for reason in rules.introducer_reasons(candidacy, RuleReader(MEETING))]


# --- Replacement introducers: exempt only when they replace one who left, with the reason ----------------


@pytest.mark.parametrize(
    ("replaced", "allowed", "named"),
    [
        ("left with a reason", True, None),
        ("nobody", False, REPLACEMENT_NOT_EXEMPT),  # "replacement" ticked with no earlier introducer
        ("still assigned", False, REPLACEMENT_NOT_EXEMPT),  # the one it replaces never left
        ("left without a reason", False, REPLACEMENT_NOT_EXEMPT),
        ("left after the replacement", False, REPLACEMENT_NOT_EXEMPT),
        ("another case's introducer", False, REPLACEMENT_NOT_EXEMPT),
        ("a helper, not an introducer", False, REPLACEMENT_NOT_EXEMPT),
    ],
)
def test_replacement_introducer_is_exempt_only_when_it_replaces_a_recorded_introducer_who_left(
    tree, replaced, allowed, named
):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy, months_together=24)
    earlier = {
        "left with a reason": dict(candidacy=candidacy, ended_on=D(2026, 1, 5), reason="Chuyển công tác"),
        "nobody": None,
        "still assigned": dict(candidacy=candidacy),
        "left without a reason": dict(candidacy=candidacy, ended_on=D(2026, 1, 5), reason=""),
        "left after the replacement": dict(candidacy=candidacy, ended_on=D(2026, 2, 1), reason="Chuyển công tác"),
        "another case's introducer": dict(ended_on=D(2026, 1, 5), reason="Chuyển công tác"),
        "a helper, not an introducer": dict(candidacy=candidacy, kind=MentorKind.HELPER, ended_on=D(2026, 1, 5),
                                            reason="Chuyển công tác"),
    }[replaced]  # fmt: skip
    replaces = MentorshipFactory(**earlier) if earlier is not None else None
    MentorshipFactory(candidacy=candidacy, months_together=0, is_replacement=True, replaces=replaces,
                      assigned_on=D(2026, 1, 6))  # fmt: skip

    reasons = _judge(candidacy)

    assert (reasons == []) is allowed
    if named:
        assert any(named in reason for reason in reasons)


def test_two_replacements_with_no_earlier_introducer_no_longer_pass(tree):
    # The measured bug: two "replacements" with 0 months passed.
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy, months_together=0, is_replacement=True)
    MentorshipFactory(candidacy=candidacy, months_together=0, is_replacement=True)

    assert "2 qualified introducer(s) are needed; 0 recorded." in _judge(candidacy)


def test_introducer_who_left_or_was_replaced_does_not_block(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy)
    # Left the party's unit: ended, with the reason. Not official any more either; it no longer counts.
    gone = MembershipFactory(cell=tree.cell_a, status="removed", recognition_date=None, left_on=D(2026, 1, 4))
    left = MentorshipFactory(candidacy=candidacy, mentor=gone.person, ended_on=D(2026, 1, 5), reason="Ra khỏi Đảng")
    MentorshipFactory(candidacy=candidacy, months_together=0, is_replacement=True, replaces=left,
                      assigned_on=D(2026, 1, 6))  # fmt: skip

    assert _judge(candidacy) == []


def test_replaced_introducer_whose_end_was_not_entered_does_not_block(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy)
    short = MentorshipFactory(candidacy=candidacy, months_together=3)
    # Recorded by a cell that entered the replacement but forgot to end the old assignment.
    MentorshipFactory(candidacy=candidacy, months_together=30, replaces=short, assigned_on=D(2026, 1, 6))

    assert _judge(candidacy) == []


@pytest.mark.parametrize(
    ("third", "allowed"),
    [("qualified", True), ("11 months", True), ("probationary", True), ("none", True)],
)
def test_two_qualified_introducers_suffice_whatever_a_third_recorded_one_is(tree, third, allowed):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy)
    MentorshipFactory(candidacy=candidacy)
    if third == "11 months":
        MentorshipFactory(candidacy=candidacy, months_together=11)
    elif third == "probationary":
        member = MembershipFactory(cell=tree.cell_a, status="probationary", recognition_date=None)
        MentorshipFactory(candidacy=candidacy, mentor=member.person)
    elif third == "qualified":
        MentorshipFactory(candidacy=candidacy)

    assert (_judge(candidacy) == []) is allowed


def test_one_qualified_and_one_short_introducer_names_the_short_one(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy)
    short = MentorshipFactory(candidacy=candidacy, months_together=11)

    reasons = _judge(candidacy)

    assert f"Introducer {short.mentor.full_name} has not been together with the applicant for 12 months." in reasons
    assert "2 qualified introducer(s) are needed; 1 recorded." in reasons


# --- The replacement through the service ------------------------------------------------------------------


def test_assigning_a_replacement_for_an_introducer_still_assigned_is_refused(tree, secretary, roll_a):
    candidacy = _candidacy(tree.cell_a)
    first = MentorshipFactory(candidacy=candidacy, mentor=roll_a[0].person)

    with at(D(2026, 1, 6)), pytest.raises(ActionNotAllowed) as refused:
        services.mentor_assign(actor=secretary, candidacy=candidacy, mentor=roll_a[1].person,
                               kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 6), replaces=first)  # fmt: skip

    assert "End the assignment of the introducer it replaces first, with the reason." in refused.value.reasons
    assert Mentorship.objects.filter(candidacy=candidacy).count() == 1


def test_assigning_a_replacement_records_whom_it_replaces_on_the_audit_entry(tree, secretary, roll_a):
    candidacy = _candidacy(tree.cell_a)
    first = MentorshipFactory(candidacy=candidacy, mentor=roll_a[0].person)
    with at(D(2026, 1, 6)):
        services.mentor_end(actor=secretary, mentorship=first, ended_on=D(2026, 1, 5), reason="Chuyển công tác")
        replacement = services.mentor_assign(actor=secretary, candidacy=candidacy, mentor=roll_a[1].person,
                                             kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 6),
                                             replaces=first)  # fmt: skip

    assert (replacement.is_replacement, replacement.replaces) == (True, first)
    log = candidacy.transitions.filter(action="mentor_assign").get()
    assert log.evidence["replaces"] == first.pk


# --- Residence (24-QĐ/TW on) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("together_by", "meeting", "allowed"),
    [
        (TogetherBy.RESIDENCE, D(2021, 7, 29), False),  # 29-QĐ/TW: work or study only
        (TogetherBy.RESIDENCE, D(2021, 7, 30), True),  # 24-QĐ/TW: residence counts
        (TogetherBy.WORK, D(2019, 8, 16), True),
        (TogetherBy.RESIDENCE, D(2013, 6, 3), False),  # 45-QĐ/TW, the 29-QĐ/TW value carried back
    ],
)
def test_living_in_the_same_place_counts_only_from_24_qd_tw(tree, together_by, meeting, allowed):
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(1980, 1, 1))
    old = dict(admission_decision_date=D(2000, 1, 1), ceremony_date=D(2000, 2, 1), recognition_date=D(2001, 2, 1))
    for _ in range(2):
        member = MembershipFactory(cell=tree.cell_a, **old)
        MentorshipFactory(candidacy=candidacy, mentor=member.person, together_by=together_by,
                          assigned_on=D(2011, 2, 1))  # fmt: skip

    reasons = [str(r) for r in rules.introducer_reasons(candidacy, RuleReader(meeting))]

    assert (reasons == []) is allowed
    if not allowed:
        assert any("only working, labouring or studying together counts" in reason for reason in reasons)


# --- The Youth Union path (A7 b) ------------------------------------------------------------------------------


def _youth_union_in(unit: Unit) -> None:
    unit.has_grassroots_youth_union = True
    unit.save(update_fields=["has_grassroots_youth_union"])


YOUTH_PATH = "is of Youth Union age and a grassroots Youth Union exists"


@pytest.mark.parametrize(
    ("born", "youth_union_at", "organisation", "allowed"),
    [
        (D(2000, 1, 1), "grassroots", "", False),  # 26, Youth Union in the school: two members are not enough
        (D(2000, 1, 1), "cell", "", False),
        (D(2000, 1, 1), "grassroots", OrganisationIntroduction.YOUTH_UNION, True),
        (D(2000, 1, 1), None, "", True),  # no grassroots Youth Union: two members
        (D(1995, 3, 2), "grassroots", "", True),  # 31 on the meeting day: past Youth Union age
        (D(1995, 3, 3), "grassroots", "", False),  # 30 years 11 months
        (D(2000, 1, 1), "commune", "", True),  # a Youth Union of the commune is not the applicant's grassroots one
    ],
)
def test_youth_union_path_is_required_for_its_age_band_where_a_grassroots_youth_union_exists(
    tree, born, youth_union_at, organisation, allowed
):
    candidacy = _candidacy(tree.cell_a, date_of_birth=born, is_youth_union_member=True)
    if youth_union_at:
        _youth_union_in({"grassroots": tree.grassroots, "cell": tree.cell_a, "commune": tree.commune}[youth_union_at])
    MentorshipFactory(candidacy=candidacy, organisation_introduction=organisation)
    if not organisation:
        MentorshipFactory(candidacy=candidacy)

    reasons = _judge(candidacy)

    assert (reasons == []) is allowed
    if not allowed:
        assert any(YOUTH_PATH in reason for reason in reasons)


def test_youth_union_path_is_not_required_where_the_rulebook_says_not(tree):
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(2000, 1, 1))
    _youth_union_in(tree.grassroots)
    MentorshipFactory(candidacy=candidacy)
    MentorshipFactory(candidacy=candidacy)
    Rule.objects.filter(rule_id="introducer.youth_union_path_required").update(value="false")

    assert _judge(candidacy) == []


def test_youth_union_path_reason_offers_to_assign_an_introducer(tree):
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(2000, 1, 1))
    _youth_union_in(tree.grassroots)
    MentorshipFactory(candidacy=candidacy)
    MentorshipFactory(candidacy=candidacy)

    (reason,) = rules.introducer_reasons(candidacy, RuleReader(MEETING))

    assert reason.remedy == ("mentor_assign", {"kind": MentorKind.INTRODUCER.value})

"""Each guard at its edges, judged with the rules in force on the event date."""

import datetime
from fractions import Fraction

import pytest
import time_machine

from partycell.people.choices import EducationLevel
from partycell.rulebook.models import Rule
from tests.factories import CandidacyFactory, DocumentFactory, MembershipFactory, MentorshipFactory, PersonFactory
from tests.walk import D, perform, vote
from workflows import gate, rules
from workflows.catalogue import documents_required_for
from workflows.enums import EducationException, FormCode, OrganisationIntroduction, Phase, Stage
from workflows.models import TransitionLog, Vote
from workflows.rules import RuleReader


def _candidacy(cell, stage=Stage.INTRODUCED, **person):
    return CandidacyFactory(cell=cell, stage=stage, person=PersonFactory(unit=cell, **person))


# --- Age ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "allowed"),
    [(D(2026, 3, 14), False), (D(2026, 3, 15), True)],
    ids=["17y11m-refused", "18y0m-allowed"],
)
def test_age_guard_counts_whole_months_at_the_meeting(tree, meeting, allowed):
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(2008, 3, 15))

    reasons = rules.age_reasons(candidacy, RuleReader(meeting))

    assert (reasons == []) is allowed


def test_age_guard_refuses_over_60_without_provincial_consent(tree):
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(1965, 1, 10))

    reasons = rules.age_reasons(candidacy, RuleReader(D(2026, 3, 2)))

    assert len(reasons) == 1
    assert "consent" in reasons[0]


def test_age_guard_allows_over_60_with_provincial_consent_recorded(tree):
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(1965, 1, 10))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.PROVINCIAL_CONSENT, issued_on=D(2026, 2, 1))

    assert rules.age_reasons(candidacy, RuleReader(D(2026, 3, 2))) == []


# --- Education ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "exception", "consent", "allowed"),
    [
        (EducationLevel.LOWER_SECONDARY, EducationException.NONE, False, True),
        (EducationLevel.PRIMARY, EducationException.NONE, False, False),
        (EducationLevel.PRIMARY, EducationException.DIFFICULT_AREA, False, True),
        (EducationLevel.LITERATE_ONLY, EducationException.DIFFICULT_AREA, False, False),
        (EducationLevel.LITERATE_ONLY, EducationException.LITERATE_ONLY, False, False),
        (EducationLevel.LITERATE_ONLY, EducationException.LITERATE_ONLY, True, True),
    ],
)
def test_education_guard_needs_lower_secondary_or_a_recorded_exception(tree, level, exception, consent, allowed):
    candidacy = _candidacy(tree.cell_a, education_level=level)
    candidacy.education_exception = exception
    if consent:
        DocumentFactory(candidacy=candidacy, form_code=FormCode.PROVINCIAL_CONSENT, issued_on=D(2026, 1, 5))

    reasons = rules.education_reasons(candidacy, RuleReader(D(2026, 3, 2)))

    assert (reasons == []) is allowed


# --- Certificate and documents ----------------------------------------------------------------------------


CELL_VOTE_DOCUMENTS = documents_required_for("cell_vote")


def _certificate_reasons(reasons: list[str]) -> list[str]:
    return [reason for reason in reasons if "awareness" in reason]


@pytest.mark.parametrize(
    ("meeting", "allowed"), [(D(2026, 3, 10), True), (D(2026, 3, 11), False)], ids=["60-months", "one-day-past"]
)
def test_awareness_certificate_is_valid_for_60_months(tree, meeting, allowed):
    candidacy = _candidacy(tree.cell_a)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2021, 3, 10))

    reasons = _certificate_reasons(CELL_VOTE_DOCUMENTS(candidacy, RuleReader(meeting)))

    assert (reasons == []) is allowed


def test_awareness_certificate_missing_is_refused(tree):
    candidacy = _candidacy(tree.cell_a)

    assert _certificate_reasons(CELL_VOTE_DOCUMENTS(candidacy, RuleReader(D(2026, 3, 10)))) == [
        "The file has no Party-awareness class certificate."
    ]


def _complete_file(candidacy, *, issued_on):
    for code in (FormCode.AWARENESS_CERTIFICATE, FormCode.APPLICATION, FormCode.PERSONAL_HISTORY,
                 FormCode.VERIFICATION, FormCode.INTRODUCTION, FormCode.COMMENTS_SUMMARY):  # fmt: skip
        DocumentFactory(candidacy=candidacy, form_code=code, issued_on=issued_on)


@pytest.mark.parametrize(
    ("meeting", "allowed"), [(D(2026, 3, 10), True), (D(2026, 3, 11), False)], ids=["12-months", "one-day-past"]
)
def test_file_documents_go_stale_after_12_months(tree, meeting, allowed):
    candidacy = _candidacy(tree.cell_a)
    _complete_file(candidacy, issued_on=D(2025, 3, 10))

    reasons = CELL_VOTE_DOCUMENTS(candidacy, RuleReader(meeting))

    assert (reasons == []) is allowed


def test_file_documents_missing_summary_of_comments_is_named(tree):
    candidacy = _candidacy(tree.cell_a)
    _complete_file(candidacy, issued_on=D(2026, 1, 10))
    candidacy.documents.filter(form_code=FormCode.COMMENTS_SUMMARY).delete()

    assert CELL_VOTE_DOCUMENTS(candidacy, RuleReader(D(2026, 3, 2))) == [
        "The file has no 5-KNĐ Summary of comments."
    ]


# --- Introducers and mentors -------------------------------------------------------------------------------


def test_introducers_two_official_members_with_12_months_pass(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory.create_batch(2, candidacy=candidacy, months_together=12)

    assert rules.introducer_reasons(candidacy, RuleReader(D(2026, 3, 2))) == []


def test_introducers_11_months_together_is_refused(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy, months_together=12)
    MentorshipFactory(candidacy=candidacy, months_together=11)

    reasons = rules.introducer_reasons(candidacy, RuleReader(D(2026, 3, 2)))

    assert len(reasons) == 2  # the short one, and "2 needed; 1 recorded"


def test_introducers_replacement_of_one_who_left_is_exempt_from_the_months_rule(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy, months_together=12)
    left = MentorshipFactory(candidacy=candidacy, ended_on=D(2026, 1, 5), reason="Chuyển công tác")
    MentorshipFactory(candidacy=candidacy, months_together=0, is_replacement=True, replaces=left,
                      assigned_on=D(2026, 1, 6))  # fmt: skip

    assert rules.introducer_reasons(candidacy, RuleReader(D(2026, 3, 2))) == []


def test_introducer_who_is_only_probationary_is_refused(tree):
    candidacy = _candidacy(tree.cell_a)
    MentorshipFactory(candidacy=candidacy)
    probationary = MembershipFactory(cell=tree.cell_a, status="probationary", recognition_date=None)
    MentorshipFactory(candidacy=candidacy, mentor=probationary.person)

    reasons = rules.introducer_reasons(candidacy, RuleReader(D(2026, 3, 2)))

    assert f"Introducer {probationary.person.full_name} is not an official party member." in reasons


@pytest.mark.parametrize(("youth_member", "allowed"), [(True, True), (False, False)])
def test_youth_union_resolution_plus_one_member_needs_a_youth_union_member(tree, youth_member, allowed):
    candidacy = _candidacy(tree.cell_a, is_youth_union_member=youth_member)
    MentorshipFactory(candidacy=candidacy, organisation_introduction=OrganisationIntroduction.YOUTH_UNION)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.YOUTH_UNION_RESOLUTION, issued_on=D(2026, 2, 1))

    reasons = rules.introducer_reasons(candidacy, RuleReader(D(2026, 3, 2)))

    assert (reasons == []) is allowed


def test_helper_who_left_the_party_is_refused(tree):
    candidacy = _candidacy(tree.cell_a)
    helper = MembershipFactory(cell=tree.cell_a, left_on=D(2026, 1, 1), status="removed", recognition_date=None)
    MentorshipFactory(candidacy=candidacy, mentor=helper.person, kind="helper")

    assert rules.mentor_reasons(candidacy, RuleReader(D(2026, 3, 2))) == [
        f"Helper {helper.person.full_name} is not an official party member."
    ]


# --- Votes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_favour", "eligible", "passes"), [(5, 7, True), (4, 7, False), (6, 9, True), (5, 9, False)]
)
def test_vote_needs_two_thirds_of_those_entitled(db, in_favour, eligible, passes):
    ratio = RuleReader(D(2026, 3, 2))("vote.cell_approval_ratio")

    assert ratio == Fraction(2, 3)
    assert rules.vote_passes(in_favour=in_favour, eligible=eligible, ratio=ratio) is passes


@pytest.mark.parametrize(
    ("in_favour", "against", "present", "eligible", "ok"),
    [(5, 2, 7, 7, True), (5, 3, 7, 9, False), (5, 0, 8, 7, False), (0, 0, 0, 0, False)],
)
def test_vote_ballots_must_add_up(in_favour, against, present, eligible, ok):
    reasons = rules.vote_count_reasons(in_favour=in_favour, against=against, present=present, eligible=eligible)

    assert (reasons == []) is ok


# --- Probation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("meeting", "allowed"), [(D(2027, 4, 19), False), (D(2027, 4, 20), True)])
def test_recognition_vote_waits_for_the_12_months(tree, meeting, allowed):
    candidacy = _candidacy(tree.cell_a, stage=Stage.PROBATIONARY)
    candidacy.probation_ends_on = D(2027, 4, 20)

    assert (rules.probation_elapsed_reasons(candidacy, RuleReader(meeting)) == []) is allowed


def test_recognition_vote_needs_the_recognition_file_and_a_probation_helper(tree):
    candidacy = _candidacy(tree.cell_a, stage=Stage.PROBATIONARY)
    candidacy.probation_ends_on = D(2027, 4, 20)

    with time_machine.travel(datetime.datetime(2027, 4, 21, 9), tick=False):
        reasons = gate.blockers(candidacy=candidacy, action="recognition_vote", reader=RuleReader(D(2027, 4, 21)))

    assert reasons == [
        "The file has no New-member political class certificate.",
        "The file has no 10-KNĐ Probationary member's self-review.",
        "The file has no 11-KNĐ Helper's assessment of the probationary member.",
        "The file has no 12-KNĐ Summary of comments on the probationary member.",
        "No party member is assigned to help the probationary member.",
    ]


def test_decision_cannot_be_dated_before_the_resolution(tree):
    candidacy = _candidacy(tree.cell_a, stage=Stage.GRASSROOTS_APPROVED)
    candidacy.cell_resolution_date = D(2026, 3, 3)

    with time_machine.travel(datetime.datetime(2026, 4, 1, 9), tick=False):
        reasons = rules.decision_date_reasons(candidacy, RuleReader(D(2026, 3, 2)))

    assert reasons == ["The decision cannot be dated before the resolution of 03/03/2026."]


# --- Failed votes and escalation (through the service) -----------------------------------------------------


@pytest.fixture
def introduced(tree, roll_a):
    """A candidacy at INTRODUCED whose file passes every guard on 3 March 2026."""
    candidacy = _candidacy(tree.cell_a, date_of_birth=D(2000, 1, 1))
    _complete_file(candidacy, issued_on=D(2026, 1, 10))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2025, 10, 1))
    for member in roll_a[:2]:
        MentorshipFactory(candidacy=candidacy, mentor=member.person)
    return candidacy


def _allow_cell_revotes(count: int) -> None:
    Rule.objects.filter(rule_id="vote.admission_revotes_before_report").update(value=str(count))


def test_failed_vote_keeps_the_stage_and_counts_where_the_rule_allows_revotes(introduced, secretary):
    _allow_cell_revotes(2)
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=4), today=D(2026, 3, 3))

    assert introduced.stage == Stage.INTRODUCED
    assert introduced.failed_vote_count == 1
    assert Vote.objects.get(candidacy=introduced).passed is False
    assert not introduced.documents.filter(form_code=FormCode.CELL_RESOLUTION).exists()


def test_third_failed_vote_escalates_to_the_superior_committee_after_two_revotes(introduced, secretary):
    _allow_cell_revotes(2)
    for day in (3, 10, 17):
        perform(secretary, introduced, "cell_vote", vote(D(2026, 3, day), in_favour=4), today=D(2026, 3, day))

    assert introduced.stage == Stage.ESCALATED
    assert introduced.escalated_phase == Phase.ADMISSION
    assert list(Vote.objects.filter(candidacy=introduced).values_list("attempt", flat=True)) == [1, 2, 3]


def test_passed_vote_issues_the_resolution_and_starts_the_decision_window(introduced, secretary):
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=5), today=D(2026, 3, 3))

    assert introduced.stage == Stage.CELL_APPROVED
    assert introduced.cell_resolution_date == D(2026, 3, 3)
    assert introduced.documents.get(form_code=FormCode.CELL_RESOLUTION).number == "12-NQ/CB"


# --- Rules in force on the event date ----------------------------------------------------------------------


def _raise_minimum_age_from(day: datetime.date, months: int) -> None:
    current = Rule.objects.get(rule_id="age.min_months", effective_to__isnull=True)
    current.effective_to = day - datetime.timedelta(days=1)
    current.save()
    Rule.objects.create(rule_id="age.min_months", regulation="999-QĐ/TW", effective_from=day, value_type="integer",
                        value=str(months), unit="months", confidence="L")  # fmt: skip


def test_rule_edited_with_a_later_effective_date_does_not_change_an_earlier_case(tree, introduced, secretary):
    perform(secretary, introduced, "cell_vote", vote(D(2026, 3, 3), in_favour=5), today=D(2026, 3, 3))
    _raise_minimum_age_from(D(2026, 6, 1), months=360)

    log = TransitionLog.objects.get(candidacy=introduced, action="cell_vote")
    assert rules.age_reasons(introduced, RuleReader(D(2026, 3, 3))) == []
    assert rules.age_reasons(introduced, RuleReader(D(2026, 6, 1))) != []
    assert log.rules["age.min_months"]["value"] == "216"
    assert log.rules["age.min_months"]["regulation"] == "294-QĐ/TW"
    assert log.rules["vote.cell_approval_ratio"]["value"] == "2/3"


# --- Readmission -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("meeting", "allowed"), [(D(2026, 3, 1), False), (D(2026, 3, 2), True)])
def test_readmission_waits_36_months_after_leaving(tree, meeting, allowed):
    candidacy = _candidacy(tree.cell_a)
    candidacy.is_readmission = True
    MembershipFactory(person=candidacy.person, cell=tree.cell_a, status="removed", recognition_date=None,
                      left_on=D(2023, 3, 2))  # fmt: skip

    assert (rules.readmission_reasons(candidacy, RuleReader(meeting)) == []) is allowed


def test_readmission_needs_provincial_consent_before_the_decision(tree):
    candidacy = _candidacy(tree.cell_a, stage=Stage.GRASSROOTS_APPROVED)
    candidacy.is_readmission = True

    assert rules.consent_reasons(candidacy, RuleReader(D(2026, 3, 2))) == [
        "Readmission: the provincial standing committee's written consent must be recorded first."
    ]


def test_readmission_guard_runs_at_the_cell_vote(tree):
    candidacy = _candidacy(tree.cell_a)
    candidacy.is_readmission = True

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9), tick=False):
        reasons = gate.blockers(candidacy=candidacy, action="cell_vote", reader=RuleReader(D(2026, 3, 2)))

    assert "A readmission needs the date the person left the Party on the membership roll." in reasons

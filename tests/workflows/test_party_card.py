"""The party card recorded after recognition (domain.md B13): ``workflows.card_services.party_card_issue``."""

import datetime

import pytest

from partycell.people.models import Membership, MembershipStatus, PersonChange
from tests.factories import CandidacyFactory, MembershipFactory
from workflows.card_services import party_card_issue
from workflows.enums import Action, Stage
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
from workflows.models import TransitionLog

DECIDED = datetime.date(2026, 6, 1)
ISSUED = datetime.date(2026, 6, 15)


@pytest.fixture
def member(tree):
    """An official member of cell A since 20/03/2016, with the closed case that admitted them."""
    membership = MembershipFactory(cell=tree.cell_a)
    CandidacyFactory(cell=tree.cell_a, person=membership.person, stage=Stage.OFFICIAL)
    return membership


def issue(actor, membership, **changes):
    values = {"number": "54012345", "issued_on": ISSUED, "decision_number": "1024-QĐ/ĐU", "decision_date": DECIDED}
    return party_card_issue(actor=actor, membership=membership, **{**values, **changes})


def test_party_card_issue_records_number_date_and_decision_with_an_audit_entry(member, commune_staff, tree):
    issue(commune_staff, member)

    member.refresh_from_db()
    assert (member.party_card_number, member.party_card_date) == ("54012345", ISSUED)
    assert (member.party_card_decision_number, member.party_card_decision_date) == ("1024-QĐ/ĐU", DECIDED)
    entry = TransitionLog.objects.get(action=Action.PARTY_CARD_ISSUE)
    assert (entry.actor, entry.event_date, entry.deciding_unit) == (commune_staff, DECIDED, tree.commune)
    assert entry.from_stage == entry.to_stage == Stage.OFFICIAL
    assert entry.evidence["changes"]["party_card_number"] == ["", "54012345"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("５４０１２３４５", "54012345"),  # full-width digits (a phone keyboard)
        ("5401\u200b2345", "54012345"),  # a zero-width space pasted from a PDF
        (" 54 012 345 ", "54012345"),
        ("ab-01234", "AB-01234"),
    ],
)
def test_party_card_issue_stores_the_number_normalised(member, commune_staff, typed, stored):
    issue(commune_staff, member, number=typed)

    member.refresh_from_db()
    assert member.party_card_number == stored


def test_party_card_issue_refuses_a_number_another_member_holds_even_typed_full_width(member, commune_staff, tree):
    MembershipFactory(cell=tree.cell_b, party_card_number="54012345")

    with pytest.raises(EvidenceInvalid) as refused:
        issue(commune_staff, member, number="５４０１２３４５")

    assert refused.value.errors == {"card_number": ["This party card number is already used."]}
    member.refresh_from_db()
    assert member.party_card_number == ""
    assert not TransitionLog.objects.filter(action=Action.PARTY_CARD_ISSUE).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decision_date": datetime.date(2016, 3, 1), "issued_on": datetime.date(2016, 3, 5)}, "decision_date",
         "The card-issue decision (01/03/2016) cannot come before recognition (20/03/2016)."),
        ({"issued_on": datetime.date(2026, 5, 30)}, "issued_on",
         "The party card (30/05/2026) cannot be dated before the decision that issues it (01/06/2026)."),
        ({"issued_on": datetime.date(2099, 1, 1)}, "issued_on", "This date is in the future."),
        ({"number": ""}, "card_number", "Give the party card number."),
        ({"number": "\u200b\u200b"}, "card_number", "Give the party card number."),
        ({"number": "SỐ-THẺ"}, "card_number",
         "Write the card number as printed: digits, with letters, dots or dashes if it has them."),
        ({"number": "5401<script>"}, "card_number",
         "Write the card number as printed: digits, with letters, dots or dashes if it has them."),
        ({"number": "1" * 33}, "card_number", "A party card number has at most 32 characters."),
        ({"decision_number": " \u200b"}, "decision_number", "Give the number of the card-issue decision."),
    ],
)  # fmt: skip
def test_party_card_issue_refuses_bad_input_and_saves_nothing(member, commune_staff, changes, field, message):
    with pytest.raises(EvidenceInvalid) as refused:
        issue(commune_staff, member, **changes)

    assert message in refused.value.errors[field]
    member.refresh_from_db()
    assert (member.party_card_number, member.party_card_date) == ("", None)
    assert not TransitionLog.objects.filter(action=Action.PARTY_CARD_ISSUE).exists()


def test_party_card_issue_refuses_a_probationary_member(tree, commune_staff):
    membership = MembershipFactory(cell=tree.cell_a, status=MembershipStatus.PROBATIONARY, recognition_date=None)
    CandidacyFactory(cell=tree.cell_a, person=membership.person, stage=Stage.PROBATIONARY)

    with pytest.raises(ActionNotAllowed) as refused:
        issue(commune_staff, membership)

    assert refused.value.reasons == ["Only an official member holds a party card."]
    assert Membership.objects.get(pk=membership.pk).party_card_number == ""


@pytest.mark.parametrize("persona", ["secretary", "cell_committee_member", "auditor", "outsider"])
def test_party_card_issue_is_not_the_cells_nor_an_auditors(member, persona, request):
    with pytest.raises(ActionNotAllowed) as refused:
        issue(request.getfixturevalue(persona), member)

    assert refused.value.offered is False
    assert Membership.objects.get(pk=member.pk).party_card_number == ""


@pytest.mark.parametrize("persona", ["commune_staff", "commune_standing"])
def test_party_card_issue_is_the_competent_committees(member, persona, request):
    issue(request.getfixturevalue(persona), member)

    assert Membership.objects.get(pk=member.pk).party_card_number == "54012345"


def test_party_card_issue_of_a_member_with_no_case_is_kept_in_the_persons_record(tree, commune_staff):
    membership = MembershipFactory(cell=tree.cell_a)

    issue(commune_staff, membership)

    change = PersonChange.objects.get(person=membership.person)
    assert change.changed_by == commune_staff
    assert change.changes["party_card_decision_number"] == ["", "1024-QĐ/ĐU"]
    assert "1024-QĐ/ĐU" in change.reason


def test_party_card_issue_again_with_the_same_values_writes_nothing(member, commune_staff):
    issue(commune_staff, member)
    issue(commune_staff, member, number="５４０１２３４５")

    assert TransitionLog.objects.filter(action=Action.PARTY_CARD_ISSUE).count() == 1


def test_party_card_replaced_keeps_the_old_number_in_the_entry(member, commune_staff):
    issue(commune_staff, member)
    issue(commune_staff, member, number="54099999", issued_on=datetime.date(2026, 7, 1))

    entry = TransitionLog.objects.filter(action=Action.PARTY_CARD_ISSUE).latest("id")
    assert entry.evidence["changes"]["party_card_number"] == ["54012345", "54099999"]

"""The party card on the roll (domain.md B13): issued by its own decision, after recognition.

``party_card_issue`` records the card's number, its date and the decision that issued it on the
member's ``Membership``. Who may is the gate's answer for ``Action.PARTY_CARD_ISSUE`` (declared in
``workflows.actions``: the committee competent for the member's cell, or staff above it; never the
cell), judged on the member's case. The rules of the card are stated once, here: an official member
only, nothing dated before the recognition, the card not before its decision, the number used by no
one else.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.people.models import (
    PARTY_FOUNDED_ON,
    Membership,
    MembershipStatus,
    PersonChange,
    normalise_card_number,
)
from partycell.people.vietnamese import normalise_text
from workflows import gate
from workflows.enums import Action
from workflows.exceptions import EvidenceInvalid
from workflows.models import Candidacy
from workflows.rules import card_date_reasons
from workflows.services import _keep_stage

ACTION = Action.PARTY_CARD_ISSUE.value
CARD_NUMBER_MAX = 32


def member_case(membership: Membership) -> Candidacy:
    """The case the gate judges a roll action on: the member's latest case in their current cell. A member
    recorded on the roll without a case in PartyCell is judged on an unsaved case of their cell."""
    case = Candidacy.objects.filter(person_id=membership.person_id, cell_id=membership.cell_id).order_by("-pk").first()
    if case is None:
        case = Candidacy(person=membership.person, cell=membership.cell)
    return case


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _card_errors(
    *, membership: Membership, number: str, issued_on: datetime.date, decision_number: str,
    decision_date: datetime.date,
) -> dict[str, list[str]]:  # fmt: skip
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not number:
        add("card_number", _("Give the party card number."))
    elif len(number) > CARD_NUMBER_MAX:
        add("card_number", _("A party card number has at most %(max)d characters.") % {"max": CARD_NUMBER_MAX})
    elif not any(char.isdigit() for char in number) or not all(
        char.isascii() and (char.isalnum() or char in ".-/") for char in number
    ):
        add("card_number", _("Write the card number as printed: digits, with letters, dots or dashes if it has them."))
    if not decision_number:
        add("decision_number", _("Give the number of the card-issue decision."))
    today = timezone.localdate()
    for name, day in (("issued_on", issued_on), ("decision_date", decision_date)):
        if day > today:
            add(name, _("This date is in the future."))
        elif day < PARTY_FOUNDED_ON:
            add(name, _("A party event is dated on or after 03/02/1930, the day the Party was founded."))
    for name, reasons in card_date_reasons(
        recognised=membership.recognition_date, issued_on=issued_on, decision_date=decision_date
    ).items():
        errors.setdefault(name, []).extend(reasons)
    if (
        number
        and "card_number" not in errors
        and (Membership.objects.filter(party_card_number=number).exclude(pk=membership.pk).exists())
    ):
        add("card_number", _("This party card number is already used."))
    return errors


def party_card_issue(
    *,
    actor: User,
    membership: Membership,
    number: str,
    issued_on: datetime.date,
    decision_number: str,
    decision_date: datetime.date,
) -> Membership:
    """Record the party card issued to an official member: its number, its date, the issuing decision.

    1. The gate, on the decision date and the member's case (``member_case``): the step must be the
       actor's, and the member official (``roll.card_refusals``); else ``ActionNotAllowed``.
    2. The card's rules (``EvidenceInvalid``, by field, nothing saved): number given, well formed and
       used by no other member (after normalising full-width digits, zero-width characters, NFD);
       decision and card not in the future and not before the recognition; the card not before its
       decision.
    3. In one transaction: the membership's card fields, and the audit entry: a "party card" entry on
       the member's case (who, when, the deciding unit, old and new values), or, for a member with no
       case in PartyCell, a ``PersonChange`` on the person's record.

    A card recorded again with the same values writes nothing; a new card (a replacement) is recorded
    with the one it replaces in the entry.
    """
    number = normalise_card_number(number)
    decision_number = normalise_text(decision_number or "")
    case = member_case(membership)
    gate.require(user=actor, candidacy=case, action=ACTION, on=decision_date)
    errors = _card_errors(membership=membership, number=number, issued_on=issued_on,
                          decision_number=decision_number, decision_date=decision_date)  # fmt: skip
    if errors:
        raise EvidenceInvalid(errors)
    new: dict[str, Any] = {
        "party_card_number": number, "party_card_date": issued_on,
        "party_card_decision_number": decision_number, "party_card_decision_date": decision_date,
    }  # fmt: skip
    old = {name: getattr(membership, name) for name in new}
    if old == new:
        return membership
    shown = {name: [_shown(old[name]), _shown(value)] for name, value in new.items() if old[name] != value}
    note = _("Party card %(number)s, decision %(decision)s of %(date)s.") % {
        "number": number, "decision": decision_number, "date": _date(decision_date)}  # fmt: skip

    def change() -> tuple[Membership, dict]:
        updated = Membership.objects.filter(pk=membership.pk, status=MembershipStatus.OFFICIAL).update(**new)
        if updated != 1:  # removed from the roll meanwhile
            raise EvidenceInvalid({"__all__": [_("Only an official member holds a party card.")]})
        return membership, {}

    try:
        if case.pk is not None:
            _keep_stage(actor=actor, candidacy=case, action=ACTION, on=decision_date, change=change, note=note,
                        evidence={"changes": shown})  # fmt: skip
        else:
            with transaction.atomic():
                change()
                PersonChange.objects.create(person_id=membership.person_id, changed_by=actor, reason=note,
                                            changes=shown)  # fmt: skip
    except IntegrityError as error:  # the same number recorded for another member at the same moment
        raise EvidenceInvalid({"card_number": [_("This party card number is already used.")]}) from error
    membership.refresh_from_db()
    return membership


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)

"""Effects of the decisions on the membership roll (domain.md B11, 2B).

Each function is the ``roll_effect`` of one action in ``workflows.actions``; the transition service
calls it after the transition, inside the same database transaction.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from partycell.people.models import Membership, MembershipStatus

if TYPE_CHECKING:
    from workflows.models import Candidacy


def roll_admit(candidacy: Candidacy, on: datetime.date) -> None:
    """Admission decided: the person is a probationary member; party age counts from the decision (B11)."""
    assert candidacy.admission_decision_date is not None  # set by the admission_decide transition just run
    Membership.objects.update_or_create(
        person=candidacy.person,
        defaults={
            "cell": candidacy.cell,
            "status": MembershipStatus.PROBATIONARY,
            "admission_decision_number": candidacy.admission_decision_number,
            "admission_decision_date": candidacy.admission_decision_date,
            "ceremony_date": None,
            "recognition_date": None,
            "left_on": None,
        },
    )


def roll_ceremony(candidacy: Candidacy, on: datetime.date) -> None:
    Membership.objects.filter(person=candidacy.person).update(ceremony_date=candidacy.ceremony_date)


def roll_recognise(candidacy: Candidacy, on: datetime.date) -> None:
    """Official member as of the end of the probation, even when the decision came late (B11)."""
    Membership.objects.filter(person=candidacy.person).update(
        status=MembershipStatus.OFFICIAL, recognition_date=candidacy.recognition_effective_on
    )


def roll_remove(candidacy: Candidacy, on: datetime.date) -> None:
    """Removed from the probationary roll, or the admission annulled: off the roll from ``on``."""
    Membership.objects.filter(person=candidacy.person).update(
        status=MembershipStatus.REMOVED, left_on=on, recognition_date=None
    )


def card_refusals(candidacy: Candidacy, on: datetime.date) -> list[str]:
    """Why no party card can be recorded for this case's person: only an official member holds one (B13)."""
    membership = Membership.objects.filter(person_id=candidacy.person_id).only("status").first()
    if membership is None or membership.status != MembershipStatus.OFFICIAL:
        return [_("Only an official member holds a party card.")]
    return []


# --- Undone or corrected (workflows.amendments) ---------------------------------------------------------


def roll_unadmit(candidacy: Candidacy, on: datetime.date) -> None:
    """An admission decision reversed: the probationary membership it created is taken off the roll."""
    Membership.objects.filter(person=candidacy.person, status=MembershipStatus.PROBATIONARY).delete()


def roll_unceremony(candidacy: Candidacy, on: datetime.date) -> None:
    """A ceremony reversed: the member is still probationary, with no ceremony date."""
    Membership.objects.filter(person=candidacy.person).update(ceremony_date=None)


def roll_sync(candidacy: Candidacy, on: datetime.date) -> None:
    """A decision or ceremony corrected: the roll takes the corrected number and dates of this candidacy."""
    if candidacy.admission_decision_date is None:
        return
    fields: dict[str, object] = {
        "admission_decision_number": candidacy.admission_decision_number,
        "admission_decision_date": candidacy.admission_decision_date,
        "ceremony_date": candidacy.ceremony_date,
    }
    if candidacy.recognition_effective_on is not None:
        fields["recognition_date"] = candidacy.recognition_effective_on
    Membership.objects.filter(person=candidacy.person).exclude(status=MembershipStatus.REMOVED).update(**fields)

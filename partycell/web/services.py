"""Writes that span several services for one page: each is all-or-nothing."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.services import person_create
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy
from workflows.models import Candidacy
from workflows.services import candidacy_create, candidacy_perform

AWARENESS_ACTION = "awareness_class_record"


@transaction.atomic
def candidate_register(
    *,
    actor: User,
    person_data: dict[str, Any],
    cell: Unit,
    note: str = "",
    proposed_by: str = "",
    is_readmission: bool = False,
    record_cleared_on: datetime.date | None = None,
) -> Candidacy:
    """Register a person and open their candidacy in ``cell``, both or neither; ``proposed_by`` is the
    mass organisation that proposed them (A1); a readmission may carry the day a record was cleared (2C).

    Raises ``ValidationError`` (the person's fields) or ``ActionNotAllowed`` (the candidacy).
    """
    person = person_create(actor=actor, data={**person_data, "unit": cell})
    return candidacy_create(actor=actor, person=person, cell=cell, note=note, proposed_by=proposed_by,
                            is_readmission=is_readmission, record_cleared_on=record_cleared_on)  # fmt: skip


@dataclass(frozen=True)
class AwarenessClass:
    starts_on: datetime.date
    ends_on: datetime.date
    issued_on: datetime.date
    issuer: str


class RosterRejected(Exception):
    """At least one row failed; nothing was recorded. ``errors`` maps candidacy ids to messages."""

    def __init__(self, errors: dict[int, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ActionNotAllowed):
        return error.reasons
    if isinstance(error, EvidenceInvalid):
        return [message for messages in error.errors.values() for message in messages]
    if isinstance(error, StaleCandidacy):
        return [error.message]
    return [str(error)]


def awareness_class_record_many(
    *, actor: User, session: AwarenessClass, certificates: dict[Candidacy, str]
) -> list[Candidacy]:
    """Record one awareness class for many candidates: one ``candidacy_perform`` each, all or nothing.

    1. every row is tried, so every failing row gets its own messages;
    2. if any failed, raise ``RosterRejected`` inside the transaction, which undoes the rows that passed.
    """
    note = _("Party-awareness class from %(start)s to %(end)s.") % {
        "start": date_format(session.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(session.ends_on, "SHORT_DATE_FORMAT"),
    }
    errors: dict[int, list[str]] = {}
    done = []
    with transaction.atomic():
        for candidacy, number in certificates.items():
            data = {
                "certificate_number": number,
                "certificate_date": session.issued_on.isoformat(),
                "certificate_signer": session.issuer,
                "note": note,
            }
            try:
                done.append(
                    candidacy_perform(
                        actor=actor,
                        candidacy=candidacy,
                        action=AWARENESS_ACTION,
                        data=data,
                        expected_stage=candidacy.stage,
                    )  # fmt: skip
                )
            except (ActionNotAllowed, EvidenceInvalid, StaleCandidacy) as error:
                errors[candidacy.pk] = _messages(error)
        if errors:
            raise RosterRejected(errors)
    return done

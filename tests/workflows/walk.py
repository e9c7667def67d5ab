"""Drive a candidacy through the procedure with the real services, step by step.

Dates: the cell of the shared tree admits in spring 2026; probation runs into 2027. Each step
travels to its date with time_machine so "not in the future" holds as it would in real life.
"""

import datetime

import time_machine

from workflows import services
from workflows.enums import MentorKind
from workflows.models import Candidacy

D = datetime.date


def vote(
    meeting: datetime.date,
    *,
    in_favour: int,
    eligible: int | None = None,
    present: int | None = None,
    against: int = 0,
    **extra,
) -> dict:
    data = {
        "meeting_date": meeting.isoformat(),
        "present": present if present is not None else (eligible or 7),
        "in_favour": in_favour,
        "against": against,
        "method": "secret_ballot",
        "resolution_number": "12-NQ/CB",
        **extra,
    }
    if eligible is not None:
        data["eligible"] = eligible
    return data


def perform(actor, candidacy: Candidacy, action: str, data: dict, *, today: datetime.date) -> Candidacy:
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(9)), tick=False):
        return services.candidacy_perform(actor=actor, candidacy=candidacy, action=action, data=data)


def to_introduced(candidacy: Candidacy, *, secretary, grassroots_actor, introducers) -> Candidacy:
    """From SOURCE to INTRODUCED: list, class, file, verification, two introducers, comments."""
    perform(secretary, candidacy, "sympathiser_add", {"resolution_date": "2025-09-05"}, today=D(2025, 9, 5))
    perform(
        secretary,
        candidacy,
        "awareness_class_record",
        {"certificate_date": "2025-10-10", "certificate_number": "35-CN/TTCT"},
        today=D(2025, 10, 12),
    )
    perform(
        secretary,
        candidacy,
        "file_open",
        {"application_date": "2025-11-03", "history_date": "2025-11-10"},
        today=D(2025, 11, 10),
    )
    perform(grassroots_actor, candidacy, "history_verify", {"verification_date": "2026-01-15"}, today=D(2026, 1, 15))
    with time_machine.travel(datetime.datetime(2026, 2, 2, 9), tick=False):
        for member in introducers:
            services.mentor_assign(
                actor=secretary,
                candidacy=candidacy,
                mentor=member.person,
                kind=MentorKind.INTRODUCER,
                assigned_on=D(2026, 2, 2),
                months_together=18,
            )
    perform(
        secretary,
        candidacy,
        "introduction_record",
        {"introduction_date": "2026-02-03", "comments_date": "2026-02-20"},
        today=D(2026, 2, 20),
    )
    return candidacy

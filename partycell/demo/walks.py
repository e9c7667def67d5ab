"""Demo candidacies taken through the real services, so the demo shows real timelines and deadlines.

Every step uses ``workflows.services`` with dates before today, the way a commune would have
entered them over the past year; nothing is written to the candidacy tables directly.
"""

import datetime

from django.utils import timezone

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Membership, Person
from workflows import services
from workflows.enums import MentorKind, Stage
from workflows.models import Candidacy

# How far each demo candidate gets and how many days ago they started, by their position in the
# cell's list: the probationary member admitted over a year ago is due for recognition; the fifth
# (residential cells only) was admitted a few months ago and counts towards this year's target.
TARGETS = [(Stage.SOURCE, 240), (Stage.FILE_OPEN, 240), (Stage.CELL_APPROVED, 240), (Stage.PROBATIONARY, 570),
           (Stage.PROBATIONARY, 240)]  # fmt: skip


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _vote(meeting: datetime.date, eligible: int) -> dict:
    return {"meeting_date": _iso(meeting), "present": eligible, "in_favour": eligible - 1, "against": 1,
            "method": "secret_ballot", "resolution_number": "12-NQ/CB"}


def walk(*, actor: User, person: Person, cell: Unit, target: str, start: datetime.date) -> Candidacy:
    """Open a candidacy for ``person`` and take it to ``target``, starting on ``start``."""
    candidacy = services.candidacy_create(actor=actor, person=person, cell=cell, note="Đoàn Thanh niên giới thiệu")
    days = iter([0, 25, 55, 95, 120, 135, 165, 185, 205, 225])
    if target == Stage.SOURCE:
        return candidacy

    def on() -> datetime.date:
        return start + datetime.timedelta(days=next(days))

    def step(action: str, data: dict) -> None:
        services.candidacy_perform(actor=actor, candidacy=candidacy, action=action, data=data)

    step("sympathiser_add", {"resolution_date": _iso(on())})
    step("awareness_class_record", {"certificate_date": _iso(on()), "certificate_number": "35-CN/TTCT"})
    day = on()
    step("file_open", {"application_date": _iso(day), "history_date": _iso(day)})
    if target == Stage.FILE_OPEN:
        return candidacy
    step("history_verify", {"verification_date": _iso(on())})
    day = on()
    introducers = Membership.objects.official().filter(cell=cell).select_related("person")[:2]
    for member in introducers:
        services.mentor_assign(actor=actor, candidacy=candidacy, mentor=member.person, kind=MentorKind.INTRODUCER,
                               assigned_on=day, months_together=24)
    step("introduction_record", {"introduction_date": _iso(day), "comments_date": _iso(on())})
    eligible = Membership.objects.official().filter(cell=cell).count()
    step("cell_vote", _vote(on(), eligible))
    candidacy.refresh_from_db()
    if target == Stage.CELL_APPROVED:
        return candidacy
    if (
        candidacy.stage == Stage.CELL_APPROVED
        and (parent := Unit.objects.get_parent(cell)) is not None
        and parent.kind.is_grassroots
    ):
        step("grassroots_vote", {**_vote(on(), 11), "eligible": 11})
    decided = on()
    step("admission_decide", {"decision_number": "125-QĐ/ĐU", "decision_date": _iso(decided),
                              "received_on": _iso(decided + datetime.timedelta(days=2))})
    step("ceremony_hold", {"ceremony_date": _iso(on())})
    return candidacy


def walk_cell(*, actor: User, cell: Unit, people: list[Person]) -> int:
    """Give the cell's demo candidates their candidacies, once; return how many were created."""
    today = timezone.localdate()
    created = 0
    for index, person in enumerate(people):
        if Candidacy.objects.filter(person=person).exists():
            continue
        target, days_ago = TARGETS[index % len(TARGETS)]
        # Every other cell is slow, so some decisions are overdue and show up as escalations.
        start = today - datetime.timedelta(days=days_ago)
        if cell.pk % 2 == 0:
            start -= datetime.timedelta(days=45)
        walk(actor=actor, person=person, cell=cell, target=target, start=start)
        created += 1
    return created

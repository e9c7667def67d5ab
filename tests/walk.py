"""The happy path of the procedure, written once, and two ways to walk it: the services and the API.

``HAPPY_PATH`` is what cell A of the shared tree (tests/conftest.py) and its committees record for
one person, from the list of sympathisers to official membership: each step's name (an action of
``workflows.actions``, or ``mentor_assign`` / ``document_add`` for the evidence recorded between
two actions), who records it, the day it is recorded, and the evidence as a user enters it. The
candidacy is opened on ``START`` (1 September 2025); the cell votes on 3 March 2026, the admission
is decided on 6 April 2026, the ceremony held on 20 April 2026 and probation ends on 20 April 2027.

``ServiceWalk`` takes the steps through ``workflows.services``, ``ApiWalk`` through ``/api/v1/``
(checking first that the step is offered and allowed). Both travel to each step's day with
time_machine, so "not in the future" holds as it would in real life, and both go on from where they
stopped: ``walk.through("admission_decide")`` then ``walk.through("recognition_decide")``.

``perform`` and ``vote`` are for tests that take a step of their own.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import time_machine

from partycell.people.models import Membership
from workflows import services
from workflows.enums import FormCode, MentorKind
from workflows.models import Candidacy

D = datetime.date
START = D(2025, 9, 1)  # the candidacy is opened


def at(day: datetime.date):
    """Travel to 9 o'clock on ``day``, with the clock stopped."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9)), tick=False)


def vote(
    meeting: datetime.date,
    *,
    in_favour: int,
    eligible: int | None = None,
    present: int | None = None,
    against: int = 0,
    **extra,
) -> dict:
    """A vote's evidence. Leave ``eligible`` out to let the roll count the members entitled; ``present``
    defaults to ``eligible``, or to 7 (the roll ``roll_a`` of the workflow tests)."""
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
    """``candidacy_perform`` as ``actor`` on ``today``."""
    with at(today):
        return services.candidacy_perform(actor=actor, candidacy=candidacy, action=action, data=data)


@dataclass(frozen=True)
class Step:
    # an action, or "mentor_assign" (once per introducer), "probation_helper_assign" (the first introducer
    # helps during probation), "document_add" (each of ``evidence["documents"]``)
    name: str
    by: str  # who records it: "cell", "grassroots" (the committee that reviews) or "competent" (that decides)
    on: datetime.date  # the day it is recorded
    evidence: dict[str, Any]


HAPPY_PATH: tuple[Step, ...] = (
    # Admission (domain.md 1A).
    Step("sympathiser_add", "cell", D(2025, 9, 5), {"resolution_date": "2025-09-05"}),
    Step("awareness_class_record", "cell", D(2025, 10, 12),
         {"certificate_date": "2025-10-10", "certificate_number": "35-CN/TTCT"}),
    Step("file_open", "cell", D(2025, 11, 10), {"application_date": "2025-11-03", "history_date": "2025-11-10"}),
    Step("history_verify", "grassroots", D(2026, 1, 15), {"verification_date": "2026-01-15"}),
    Step("mentor_assign", "cell", D(2026, 2, 2),
         {"kind": MentorKind.INTRODUCER, "assigned_on": D(2026, 2, 2), "months_together": 18}),
    Step("introduction_record", "cell", D(2026, 2, 20),
         {"introduction_date": "2026-02-03", "comments_date": "2026-02-20"}),
    Step("cell_vote", "cell", D(2026, 3, 3), vote(D(2026, 3, 3), in_favour=6, present=7)),
    Step("grassroots_vote", "grassroots", D(2026, 3, 20), vote(D(2026, 3, 20), in_favour=9, eligible=11)),
    Step("admission_decide", "competent", D(2026, 4, 8),
         {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-04-06", "received_on": "2026-04-08"}),
    # Probation and recognition (domain.md 1B): the cell votes only after the 12 months.
    Step("ceremony_hold", "cell", D(2026, 4, 20), {"ceremony_date": "2026-04-20"}),
    # The probation helper (A13, B2), then the recognition file (B3-B6): documents added to the file.
    Step("probation_helper_assign", "cell", D(2026, 4, 20),
         {"kind": MentorKind.PROBATION_HELPER, "assigned_on": D(2026, 4, 20)}),
    Step("document_add", "cell", D(2027, 4, 22), {"documents": [
        {"form_code": FormCode.NEW_MEMBER_CERTIFICATE, "issued_on": D(2026, 11, 30), "number": "88-CN/TTCT"},
        {"form_code": FormCode.SELF_REVIEW, "issued_on": D(2027, 4, 20)},
        {"form_code": FormCode.HELPER_ASSESSMENT, "issued_on": D(2027, 4, 21)},
        {"form_code": FormCode.RECOGNITION_COMMENTS, "issued_on": D(2027, 4, 22)},
    ]}),
    Step("recognition_vote", "cell", D(2027, 4, 27), vote(D(2027, 4, 27), in_favour=7, present=7)),
    Step("recognition_review", "grassroots", D(2027, 5, 10), vote(D(2027, 5, 10), in_favour=11, eligible=11)),
    Step("recognition_decide", "competent", D(2027, 6, 1),
         {"decision_number": "310-QĐ/ĐU", "decision_date": "2027-06-01"}),
)  # fmt: skip
STEPS = {step.name: step for step in HAPPY_PATH}


def _shift(value: Any, years: int) -> Any:
    if isinstance(value, datetime.date):
        return value.replace(year=value.year + years)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return _shift(D.fromisoformat(value), years).isoformat()
    if isinstance(value, dict):
        return {key: _shift(item, years) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, years) for item in value]
    return value


def shifted(years: int) -> tuple[Step, ...]:
    """``HAPPY_PATH`` moved ``years`` years (every date of the steps and their evidence): the same case in
    another year, judged by the rules of its own dates. ``shifted(-12)`` opens on 1 September 2013."""
    return tuple(Step(step.name, step.by, _shift(step.on, years), _shift(step.evidence, years)) for step in HAPPY_PATH)


class _Walk:
    """Takes the steps of ``HAPPY_PATH`` in order, each as the actor its ``by`` names."""

    def __init__(self, *, cell: Any, grassroots: Any = None, competent: Any = None,
                 introducers: Sequence[Membership] = (), path: tuple[Step, ...] = HAPPY_PATH) -> None:  # fmt: skip
        self.actors = {"cell": cell, "grassroots": grassroots, "competent": competent}
        self.introducers = introducers
        self.path = path
        self.taken = 0

    def through(self, name: str) -> Any:
        """Take every step not yet taken up to ``name`` included; return what the last one returned."""
        end = [step.name for step in self.path].index(name) + 1
        assert end > self.taken, f"{name} was already taken"
        result = None
        for step in self.path[self.taken : end]:
            actor = self.actors[step.by]
            assert actor is not None, f"{step.name} needs an actor for {step.by!r}"
            with at(step.on):
                result = self.take(step, actor)
            self.taken += 1
        return result

    def take(self, step: Step, actor: Any) -> Any:
        raise NotImplementedError


class ServiceWalk(_Walk):
    """The walk through ``workflows.services``; actors are users. ``through`` returns the candidacy."""

    def __init__(self, candidacy: Candidacy, **actors) -> None:
        super().__init__(**actors)
        self.candidacy = candidacy

    def take(self, step: Step, actor) -> Candidacy:
        if step.name == "mentor_assign":
            for member in self.introducers:
                services.mentor_assign(actor=actor, candidacy=self.candidacy, mentor=member.person, **step.evidence)
        elif step.name == "probation_helper_assign":
            services.mentor_assign(actor=actor, candidacy=self.candidacy, mentor=self.introducers[0].person,
                                   **step.evidence)  # fmt: skip
        elif step.name == "document_add":
            for document in step.evidence["documents"]:
                services.document_add(actor=actor, candidacy=self.candidacy, **document)
        else:
            services.candidacy_perform(actor=actor, candidacy=self.candidacy, action=step.name, data=step.evidence)
        return self.candidacy


class ApiWalk(_Walk):
    """The walk through ``/api/v1/``; actors are authenticated API clients. ``through`` returns the
    candidacy as the last transition's response shows it (its JSON data)."""

    def __init__(self, candidacy_id: int, **actors) -> None:
        super().__init__(**actors)
        self.url = f"/api/v1/candidacies/{candidacy_id}"

    def take(self, step: Step, client) -> dict | None:
        if step.name == "mentor_assign":
            for member in self.introducers:
                assigned = client.post(f"{self.url}/mentors/", {"mentor": member.person.pk, **step.evidence},
                                       format="json")  # fmt: skip
                assert assigned.status_code == 201, assigned.data
            return None
        if step.name == "probation_helper_assign":
            assigned = client.post(f"{self.url}/mentors/", {"mentor": self.introducers[0].person.pk, **step.evidence},
                                   format="json")  # fmt: skip
            assert assigned.status_code == 201, assigned.data
            return None
        if step.name == "document_add":
            for document in step.evidence["documents"]:
                added = client.post(f"{self.url}/documents/", document, format="json")
                assert added.status_code == 201, added.data
            return None
        return self.transition(client, step.name, step.evidence)

    def transition(self, client, action: str, data: dict) -> dict:
        """Check the action is offered and allowed, then perform it with the stage the client saw."""
        offered = client.get(f"{self.url}/transitions/", HTTP_ACCEPT_LANGUAGE="en").data
        row = next(row for row in offered["actions"] if row["name"] == action)
        assert row["allowed"], row["reasons"]
        response = client.post(f"{self.url}/transitions/{action}/", {**data, "expected_stage": offered["stage"]},
                               format="json")  # fmt: skip
        assert response.status_code == 200, response.data
        return response.data


def to_introduced(candidacy: Candidacy, *, secretary, grassroots_actor, introducers) -> Candidacy:
    """From SOURCE to INTRODUCED through the services: list, class, file, verification, introducers, comments."""
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_actor, introducers=introducers)
    return walk.through("introduction_record")

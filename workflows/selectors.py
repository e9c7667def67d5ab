"""Reads of candidacies. Every page, export and API endpoint starts from ``candidacies_visible_to``."""

import dataclasses
import datetime

from django.db.models import Q, QuerySet

from partycell.accounts.models import User
from partycell.organisations.authority import review_paths_for
from partycell.organisations.models import Unit
from partycell.people.models import Membership
from partycell.selectors import scope_q
from workflows import actions, gate
from workflows.actions import ActionSpec
from workflows.enums import OPEN
from workflows.models import Candidacy, TransitionLog


def candidacies_visible_to(user: User, *, editing: bool = False) -> QuerySet[Candidacy]:
    return Candidacy.objects.filter(scope_q(user, field="cell__", editing=editing))


def official_members_on(*, cell: Unit, on: datetime.date) -> int:
    """Members of ``cell`` entitled to vote on ``on``: its official members (probationary ones too
    when the rule ``vote.probationary_members_vote`` says so). Members who left before ``on`` do not count.
    """
    from workflows.rules import RuleReader

    current = Q(left_on__isnull=True) | Q(left_on__gt=on)
    entitled = Q(recognition_date__lte=on)
    if RuleReader(on)("vote.probationary_members_vote"):
        entitled |= Q(admission_decision_date__lte=on)
    return Membership.objects.filter(current & entitled, cell=cell).count()


@dataclasses.dataclass(frozen=True)
class Awaiting:
    """What waits on one user: a filter of the cases, and the forward steps per (cell, stage, phase)."""

    q: Q
    steps: dict[tuple[int, str, str], list[ActionSpec]]

    def steps_for(self, candidacy: Candidacy) -> list[ActionSpec]:
        return self.steps.get((candidacy.cell_id, candidacy.stage, candidacy.escalated_phase), [])


def awaiting(user: User, *, on: datetime.date) -> Awaiting:
    """The open cases in ``user``'s editing scope whose next forward step waits on ``user`` (the gate's
    ``awaits``), exactly, in a bounded number of queries.

    Who may take a step depends on the case's cell, stage and escalation phase only (the review path,
    the roles), so the gate is asked once per distinct (cell, stage, phase), with every review path
    loaded in two queries (``review_paths_for``). Steps that only time unblocks filter on their
    ``ready`` condition. The per-case guards stay on the step page, which says what is missing.
    """
    forward = [spec for spec in actions.transition_specs() if spec.is_forward]
    stages = sorted({stage for spec in forward for stage in actions.sources(spec.name)} & OPEN)
    keys = list(
        candidacies_visible_to(user, editing=True).filter(stage__in=stages).order_by()
        .values_list("cell_id", "stage", "escalated_phase").distinct()
    )  # fmt: skip
    cells = Unit.objects.filter(pk__in={cell_id for cell_id, _stage, _phase in keys}).select_related("kind")
    cells_by_id = {cell.pk: cell for cell in cells}
    paths = review_paths_for(cells_by_id.values(), on=on)
    steps: dict[tuple[int, str, str], list[ActionSpec]] = {}
    query = Q(pk__in=[])
    for cell_id, stage, phase in keys:
        case = Candidacy(cell=cells_by_id[cell_id], stage=stage, escalated_phase=phase)
        if paths[cell_id] is not None:
            case.__dict__["_review_paths"] = {(cell_id, on): paths[cell_id]}
        found = [spec for spec in forward if gate.awaits(user=user, candidacy=case, spec=spec, on=on)]
        if not found:
            continue
        steps[(cell_id, stage, phase)] = found
        case_q = Q(cell_id=cell_id, stage=stage, escalated_phase=phase)
        if all(spec.ready for spec in found):
            ready = Q(pk__in=[])
            for spec in found:
                ready |= spec.ready(on)  # type: ignore[misc]  # checked just above
            case_q &= ready
        query |= case_q
    return Awaiting(q=query, steps=steps)


def deadlines_before_entering(*, candidacy_ids: list[int], stage: str) -> dict[int, datetime.date | None]:
    """For each candidacy, the deadline its audit trail stored just before it entered ``stage`` (the
    deadline that applied to the act that moved it there); None where the trail stored none."""
    rows = (
        TransitionLog.objects.filter(candidacy_id__in=candidacy_ids)
        .order_by("candidacy_id", "occurred_at", "id")
        .values_list("candidacy_id", "from_stage", "to_stage", "due_on")
    )
    found: dict[int, datetime.date | None] = {}
    previous: dict[int, datetime.date | None] = {}
    for candidacy_id, from_stage, to_stage, due_on in rows.iterator():
        if to_stage == stage and from_stage != stage and candidacy_id not in found:
            found[candidacy_id] = previous.get(candidacy_id)
        previous[candidacy_id] = due_on
    return found

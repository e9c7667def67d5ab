"""Reads of candidacies. Every page, export and API endpoint starts from ``candidacies_visible_to``."""

import dataclasses
import datetime
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

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
    # The gate answers no for a step that does not leave the case's stage: ask it only about the others.
    leaving = {stage: [spec for spec in forward if stage in actions.sources(spec.name)] for stage in OPEN}
    stages = sorted(stage for stage, specs in leaving.items() if specs)
    keys = list(
        candidacies_visible_to(user, editing=True).filter(stage__in=stages).order_by()
        .values_list("cell_id", "stage", "escalated_phase").distinct()
    )  # fmt: skip
    cells = Unit.objects.filter(pk__in={cell_id for cell_id, _stage, _phase in keys}).select_related("kind")
    cells_by_id = {cell.pk: cell for cell in cells}
    paths = review_paths_for(cells_by_id.values(), on=on)
    steps: dict[tuple[int, str, str], list[ActionSpec]] = {}
    # Cases waiting for the same steps at the same stage and phase share one filter, over their cells.
    waiting_cells: dict[tuple[str, str, tuple[str, ...]], list[int]] = {}
    probes: dict[int, Candidacy] = {}  # one unsaved case per cell, placed at each (stage, phase) in turn
    for cell_id, stage, phase in keys:
        case = probes.get(cell_id)
        if case is None:
            case = probes[cell_id] = Candidacy(cell=cells_by_id[cell_id])
            if paths[cell_id] is not None:
                case.__dict__["_review_paths"] = {(cell_id, on): paths[cell_id]}
        case.__dict__["stage"] = stage  # the stage field is protected: a probe is never saved
        case.escalated_phase = phase
        found = [spec for spec in leaving[stage] if gate.awaits(user=user, candidacy=case, spec=spec, on=on)]
        if not found:
            continue
        steps[(cell_id, stage, phase)] = found
        waiting_cells.setdefault((stage, phase, tuple(spec.name for spec in found)), []).append(cell_id)
    query = Q(pk__in=[])
    for (stage, phase, names), cell_ids in waiting_cells.items():
        found = [actions.spec(name) for name in names]
        case_q = Q(cell_id__in=sorted(cell_ids), stage=stage, escalated_phase=phase)
        if all(spec.ready for spec in found):
            ready = Q(pk__in=[])
            for spec in found:
                ready |= spec.ready(on)  # type: ignore[misc]  # checked just above
            case_q &= ready
        query |= case_q
    return Awaiting(q=query, steps=steps)


def deadlines_before_entering(
    *, candidacies: "QuerySet[Any, Any] | list[int]", stage: str
) -> dict[int, datetime.date | None]:
    """For each candidacy (a queryset or ids), the deadline its audit trail stored just before it first
    entered ``stage`` (the deadline that applied to the act that moved it there); None where the trail
    stored none.

    One query: the entries into ``stage``, each with the ``due_on`` of the entry before it on the same
    case (a subquery on the trail's (candidacy, occurred_at) index), so only one row per entry travels.
    """
    earlier = Q(occurred_at__lt=OuterRef("occurred_at")) | Q(occurred_at=OuterRef("occurred_at"), id__lt=OuterRef("id"))
    before = (
        TransitionLog.objects.filter(earlier, candidacy_id=OuterRef("candidacy_id"))
        .order_by("-occurred_at", "-id")
        .values("due_on")[:1]
    )
    entries = (
        TransitionLog.objects.filter(candidacy__in=candidacies, to_stage=stage)
        .exclude(from_stage=stage)
        .annotate(due_before=Subquery(before))
        .order_by("candidacy_id", "occurred_at", "id")
        .values_list("candidacy_id", "due_before")
    )
    found: dict[int, datetime.date | None] = {}
    for candidacy_id, due_before in entries:
        found.setdefault(candidacy_id, due_before)  # the first entry
    return found

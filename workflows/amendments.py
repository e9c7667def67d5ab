"""Amending a recorded step: which entries may be corrected or reversed, and what each step derived.

The audit trail is append-only: a wrong entry is never updated. It is amended by a new entry that
points to it (``TransitionLog.corrects``):

- a **correction** (``step_correct``) changes the entry's evidence values (dates, numbers, vote
  counts) and what derives from them: the candidacy's key dates, the current deadline, the
  ``Document`` and ``Vote`` rows the step filed, the membership roll. It never moves the stage: a
  correction that would turn a passed vote into a failed one (or back) is refused; reverse instead.
- a **reversal** (``step_reverse``) undoes a step that should not have happened: the case goes back
  to the stage before it; the documents and the vote the step filed are withdrawn; the fields it set
  and its effect on the roll are undone; the deadline is that of the stage the case is back in.

Which entries: see ``correction_refusals`` and ``reversal_refusals`` (the rules, stated once; the
gate asks them through the declarations of ``workflows.actions``). Services: ``amendment_services``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from workflows import roll
from workflows.enums import CLOSED, Action, Phase, Stage
from workflows.models import Candidacy, TransitionLog, Vote

if TYPE_CHECKING:
    from workflows.actions import ActionSpec

# The fields of the candidacy each step sets from its evidence: {action: {candidacy field: evidence field}}.
# A correction of the step's latest entry copies the corrected values; a reversal clears them.
DERIVED: dict[str, dict[str, str]] = {
    Action.CELL_VOTE: {"cell_resolution_date": "meeting_date"},
    Action.ADMISSION_DECIDE: {
        "admission_decision_date": "decision_date", "admission_decision_number": "decision_number",
        "decision_received_on": "received_on",
    },  # fmt: skip
    Action.CEREMONY_HOLD: {"ceremony_date": "ceremony_date", "probation_ends_on": ""},
    Action.RECOGNITION_VOTE: {"recognition_vote_date": "meeting_date"},
    Action.RECOGNITION_DECIDE: {"recognition_decision_date": "decision_date", "closed_on": "decision_date"},
    Action.CELL_REJECT: {"closed_on": "exit_date", "exit_reason": "reason"},
    Action.WITHDRAW: {"closed_on": "exit_date", "exit_reason": "reason"},
    Action.GRASSROOTS_REJECT: {"closed_on": "exit_date", "exit_reason": "reason"},
    Action.COMPETENT_REJECT: {"closed_on": "exit_date", "exit_reason": "reason"},
    Action.PROBATION_REMOVE: {"closed_on": "decision_date", "exit_reason": "reason"},
    Action.ADMISSION_ANNUL: {"closed_on": "decision_date", "exit_reason": "reason"},
    Action.ESCALATION_PAUSE: {"paused_until": "paused_until"},
}
# Steps whose date field is set only when their vote passed.
_ON_PASS = {"cell_resolution_date", "recognition_vote_date"}
# What undoes a step's effect on the membership roll, keyed by the effect declared in ``workflows.actions``.
ROLL_UNDO: dict[Callable[[Candidacy, datetime.date], None], Callable[[Candidacy, datetime.date], None]] = {
    roll.roll_admit: roll.roll_unadmit,
    roll.roll_ceremony: roll.roll_unceremony,
}
AMENDMENTS = frozenset({Action.STEP_CORRECT, Action.STEP_REVERSE})


def is_reversed(entry: TransitionLog) -> bool:
    """Whether a reversal points to ``entry`` (reads ``amendments`` as prefetched by a page, if it was)."""
    return any(amendment.action == Action.STEP_REVERSE for amendment in entry.amendments.all())


def steps_in_force(candidacy: Candidacy) -> list[TransitionLog]:
    """The entries that moved the stage and still stand (not reversed, not reversals), oldest first."""
    moved = list(candidacy.transitions.stage_changes().exclude(from_stage="").order_by("occurred_at", "id"))
    reversed_ids = {entry.corrects_id for entry in moved if entry.action == Action.STEP_REVERSE}
    return [entry for entry in moved if entry.action not in AMENDMENTS and entry.pk not in reversed_ids]


def effective_evidence(entry: TransitionLog) -> dict[str, Any]:
    """The entry's evidence as corrected since: the original values, each later correction applied in order."""
    values = dict(entry.evidence or {})
    for correction in entry.amendments.filter(action=Action.STEP_CORRECT).order_by("occurred_at", "id"):
        for name, change in (correction.evidence.get("changes") or {}).items():
            values[name] = change.get("to") if isinstance(change, dict) else change
    return values


def effective_event_date(entry: TransitionLog) -> datetime.date:
    """The entry's event date as corrected (the wrong entry keeps its own)."""
    spec_form = _form_class(entry.action)
    field = getattr(spec_form, "event_date_field", "") if spec_form else ""
    value = effective_evidence(entry).get(field) if field else None
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else entry.event_date


def _form_class(action: str) -> Any:
    from workflows.actions import UnknownAction, spec

    try:
        return spec(action).evidence_form
    except UnknownAction:
        return None


def correction_refusals(entry: TransitionLog, amended: ActionSpec | None, on: datetime.date) -> list[str]:
    """Why ``entry`` cannot be corrected: it records no evidence of a step (a correction, a reversal,
    an import or a keep-stage action has its own page), or the step has been reversed."""
    if amended is None or amended.keeps_stage or amended.amends is not None or amended.evidence_form is None:
        return [_("This entry records no evidence of a step that could be corrected.")]
    if is_reversed(entry):
        return [_("This step has been reversed; there is nothing left to correct.")]
    return []


def reversal_refusals(entry: TransitionLog, amended: ActionSpec | None, on: datetime.date) -> list[str]:
    """Why ``entry`` cannot be reversed. Only the last step that moved an open case forward can be,
    one step at a time; not an exit or a recognition (they close the file: a closed case is reopened
    only by a new candidacy), and not a ceremony whose 12 months of probation have run."""
    candidacy = entry.candidacy
    if amended is None or not amended.is_forward or not entry.from_stage or entry.from_stage == entry.to_stage:
        return [_("Only a step that moved the case forward can be reversed.")]
    if candidacy.stage in CLOSED:
        return [_("The file is closed; a closed case is not reopened by reversing a step.")]
    if is_reversed(entry):
        return [_("This step has already been reversed.")]
    in_force = steps_in_force(candidacy)
    if not in_force or in_force[-1].pk != entry.pk or candidacy.stage != entry.to_stage:
        return [_("Only the last step of the case can be reversed; reverse the later steps first.")]
    if entry.action == Action.CEREMONY_HOLD and candidacy.probation_ends_on and candidacy.probation_ends_on <= on:
        return [_("The 12 months of probation counted from this ceremony have run; it can no longer be reversed.")]
    return []


def failed_run(candidacy: Candidacy, *, phase: str, excluding: int | None = None) -> int:
    """The failed votes of ``phase`` since its last passed vote (what ``failed_vote_count`` counts)."""
    count = 0
    votes = candidacy.votes.filter(phase=phase).order_by("-recorded_at", "-id")
    if excluding is not None:
        votes = votes.exclude(pk=excluding)
    for passed in votes.values_list("passed", flat=True):
        if passed:
            break
        count += 1
    return count


def reversal_restore(candidacy: Candidacy, entry: TransitionLog, *, vote: Vote | None) -> dict[str, Any]:
    """The fields of the candidacy as they were before ``entry``'s step: what it set, cleared; the
    failed votes counted again without the withdrawn vote; the escalation back when it left from one."""
    restore: dict[str, Any] = {}
    for field in DERIVED.get(entry.action, {}):
        restore[field] = "" if field in ("admission_decision_number", "exit_reason") else None
    admitted = restore.get("admission_decision_date", candidacy.admission_decision_date)
    phase = Phase.ADMISSION if admitted is None else Phase.RECOGNITION
    if vote is not None or entry.from_stage == Stage.ESCALATED:
        restore["failed_vote_count"] = failed_run(candidacy, phase=phase, excluding=vote.pk if vote else None)
        restore["escalated_phase"] = phase if entry.from_stage == Stage.ESCALATED else ""
    return restore


def corrected_fields(entry: TransitionLog, values: dict[str, Any], *, passed: bool | None) -> dict[str, Any]:
    """The candidacy fields the corrected ``values`` of ``entry`` set (only those its step derives)."""
    found: dict[str, Any] = {}
    for field, source in DERIVED.get(entry.action, {}).items():
        if not source or source not in values or (field in _ON_PASS and not passed):
            continue
        value = values[source]
        if field == "decision_received_on" and not value:
            continue
        if isinstance(value, str) and field.endswith(("_date", "_on")):
            value = datetime.date.fromisoformat(value) if value else None
        found[field] = value
    return found


def is_latest_of_its_step(entry: TransitionLog) -> bool:
    """Whether ``entry`` is the step's last entry on the case still standing (its values are the case's)."""
    later = [e for e in steps_in_force(entry.candidacy) if e.action == entry.action]
    return bool(later) and later[-1].pk == entry.pk


__all__ = [
    "DERIVED",
    "ROLL_UNDO",
    "correction_refusals",
    "corrected_fields",
    "effective_event_date",
    "effective_evidence",
    "failed_run",
    "is_latest_of_its_step",
    "is_reversed",
    "reversal_refusals",
    "reversal_restore",
    "steps_in_force",
]

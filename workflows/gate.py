"""The one gate: may ``user`` take ``action`` on ``candidacy`` on ``on``, and if not, why not.

Every interface asks here: the services before they write, the API, the to-do page, the candidate
page's list of actions, the document checklist. The answer (``Verdict``) separates two kinds of no:

- **refusals**: the step is not on this case's path from its current stage, or it is not this
  user's to take (role, unit, the committee competent on ``on``). Such a step is never offered.
- **blockers**: the guards of ``workflows.rules`` fail on ``on`` (a document missing or out of
  date, too few introducers, the probation not over). The step is offered, with the reasons; each
  reason may name the action that lifts it (``Reason.remedy``) or say only time will (``waiting``).

Refusals are judged first and cheaply; guards run only for a step that is the user's. A service
runs the refusals before it opens its transaction and the guards once, inside it, after the
evidence of the step itself is recorded (``blockers``).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from partycell.rulebook.selectors import RuleNotInForce
from workflows import actions, permissions
from workflows.actions import ActionSpec
from workflows.exceptions import ActionNotAllowed, UnknownAction
from workflows.rules import Reason, RuleReader, case_file_snapshot

if TYPE_CHECKING:
    from partycell.accounts.models import User
    from workflows.evidence import CandidacyForm
    from workflows.models import Candidacy, TransitionLog


@dataclasses.dataclass(frozen=True)
class Verdict:
    """The gate's answer for one action."""

    spec: ActionSpec
    on: datetime.date
    refusals: list[str]
    blockers: list[str]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def irreversible(self) -> bool:
        return self.spec.irreversible

    @property
    def form_class(self) -> type[CandidacyForm] | None:
        return self.spec.evidence_form

    @property
    def offered(self) -> bool:
        """Shown to the user: the step is theirs and on this case's path (it may still be blocked)."""
        return not self.refusals

    @property
    def allowed(self) -> bool:
        return not self.refusals and not self.blockers

    @property
    def reasons(self) -> list[str]:
        return [*self.refusals, *self.blockers]

    @property
    def waiting(self) -> bool:
        """Blocked only by what time lifts (nothing to add yet)."""
        return bool(self.blockers) and all(getattr(reason, "waiting", False) for reason in self.blockers)

    @property
    def remedies(self) -> list[tuple[str, dict[str, str]]]:
        """The actions that would lift the blockers, each once, in the order of the reasons."""
        found = [reason.remedy for reason in self.blockers if isinstance(reason, Reason) and reason.remedy]
        unique: list[tuple[str, dict[str, str]]] = []
        for remedy in found:
            if remedy not in unique:
                unique.append(remedy)
        return unique


def _today() -> datetime.date:
    return timezone.localdate()


def path_refusals(candidacy: Candidacy, spec: ActionSpec, *, on: datetime.date) -> list[str]:
    """Why ``spec`` is not a step of this case now: wrong stage, not on its path, or the file is closed."""
    if spec.keeps_stage:
        if not candidacy.is_open and not spec.on_closed:
            return [_("This candidacy is closed.")]
        return spec.unavailable(candidacy, on) if spec.unavailable else []
    if candidacy.stage not in actions.sources(spec.name):
        return [_("This step is not possible at the stage “%(stage)s”.") % {"stage": candidacy.get_stage_display()}]
    if not spec.applies(candidacy, on):
        return [_("This step does not belong to this case's path through the organisation tree.")]
    return []


def refusals(*, user: User, candidacy: Candidacy, action: str, on: datetime.date) -> list[str]:
    """Why the step is not this user's on this case on ``on`` (path first, then permission); [] if it is."""
    spec = actions.spec(action)
    return path_refusals(candidacy, spec, on=on) or spec.permission(user, candidacy, on)


def blockers(*, candidacy: Candidacy, action: str, reader: RuleReader) -> list[str]:
    """Every reason the guards of ``action`` give, judged with ``reader`` (the rules on the event date)."""
    found: list[str] = []
    with case_file_snapshot():  # the guards read the case's documents and mentorships once
        for guard in actions.spec(action).guards:
            try:
                found += guard(candidacy, reader)
            except RuleNotInForce as exc:
                found.append(Reason(str(exc)))
    return list(dict.fromkeys(found))


def judge(*, user: User, candidacy: Candidacy, action: str, on: datetime.date | None = None) -> Verdict:
    """May ``user`` take ``action`` on ``candidacy`` on ``on`` (default today)? Guards run only for a
    step that is the user's."""
    on = on or _today()
    spec = actions.spec(action)
    refused = refusals(user=user, candidacy=candidacy, action=action, on=on)
    blocked = [] if refused else blockers(candidacy=candidacy, action=action, reader=RuleReader(on))
    return Verdict(spec=spec, on=on, refusals=refused, blockers=blocked)


def offered_steps(*, user: User, candidacy: Candidacy, on: datetime.date | None = None) -> list[Verdict]:
    """The stage-moving steps offered to ``user`` on this case now, forward steps first, exits last."""
    on = on or _today()
    verdicts = []
    for spec in actions.transition_specs():
        if candidacy.stage not in actions.sources(spec.name):
            continue
        verdict = judge(user=user, candidacy=candidacy, action=spec.name, on=on)
        if verdict.offered:
            verdicts.append(verdict)
    return verdicts


def awaits(*, user: User, candidacy: Candidacy, spec: ActionSpec, on: datetime.date) -> bool:
    """Whether the case waits on ``user`` for the forward step ``spec`` (the to-do page's question).

    Judged on what is common to every case of this cell, stage and phase (path and roles), so that a
    list can ask it once per (cell, stage, phase); the per-case guards are the step page's business.
    """
    if not spec.is_forward or candidacy.stage not in actions.sources(spec.name):
        return False  # asked before path_refusals, which would word (and translate) the refusal
    if path_refusals(candidacy, spec, on=on):
        return False
    return not spec.awaited_by(user, candidacy, on)


def require(*, user: User, candidacy: Candidacy, action: str, on: datetime.date) -> None:
    """Raise ``ActionNotAllowed`` (``offered=False``) unless the step is this user's on ``on``."""
    refused = refusals(user=user, candidacy=candidacy, action=action, on=on)
    if refused:
        raise ActionNotAllowed(refused, offered=False)


def amendment_refusals(*, user: User, entry: TransitionLog, action: str, on: datetime.date) -> list[str]:
    """Why ``user`` may not amend the recorded ``entry`` by ``action`` (a correction or a reversal) on
    ``on``: the amendment's rule about which entries (``ActionSpec.amends``), its path (a reversal moves
    the stage), then the permission: whoever may take the amended step, or the amendment's own
    (the deciding committee above). [] when they may."""
    spec = actions.spec(action)
    if spec.amends is None:
        raise UnknownAction(action)
    try:
        amended: ActionSpec | None = actions.spec(entry.action)
    except UnknownAction:
        amended = None
    candidacy = entry.candidacy
    found = spec.amends(entry, amended, on) or path_refusals(candidacy, spec, on=on)
    if found:
        return found
    checks = [spec.permission] if amended is None else [amended.permission, spec.permission]
    return permissions.any_of(*checks)(user, candidacy, on)


def require_amendment(*, user: User, entry: TransitionLog, action: str, on: datetime.date) -> None:
    """Raise ``ActionNotAllowed`` (``offered=False``) unless ``user`` may amend ``entry`` by ``action`` on ``on``."""
    refused = amendment_refusals(user=user, entry=entry, action=action, on=on)
    if refused:
        raise ActionNotAllowed(refused, offered=False)

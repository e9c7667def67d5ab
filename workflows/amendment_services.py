"""Writes that amend a recorded step (``workflows.amendments`` holds the rules): a correction of its
evidence values, or the reversal of a step that should not have happened.

Each is one linear service like the others: the form validates the submission; the gate decides
(``gate.require_amendment``, asked again under the row lock); one transaction changes what the step
derived and writes a new audit entry that points to the amended one (``TransitionLog.corrects``),
which is never updated; after commit, the reminder scan of the case.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from workflows import actions, amendments, case_dates, deadlines, gate, roll, rules
from workflows.enums import PROBATION, Action, Stage
from workflows.evidence import EvidenceForm, StepCorrectionReasonForm, StepReverseForm, VoteForm, _jsonable
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
from workflows.models import Candidacy, Document, TransitionLog, Vote
from workflows.services import _after_commit, _lock_fresh, _log, _restoring, _save

# Values a correction never touches: a scan is added as a document, a note stays the entry's own.
_NOT_CORRECTED = frozenset({"note"})


def correctable_fields(form: forms.Form) -> list[str]:
    """The evidence fields of a step a correction may change: every field of its form but the scans and the note."""
    return [name for name, field in form.fields.items()
            if name not in _NOT_CORRECTED and not isinstance(field, forms.FileField)]  # fmt: skip


def correction_form(entry: TransitionLog, data: Mapping[str, Any] | None = None) -> EvidenceForm:
    """The amended step's own evidence form (its rules checked once), bound to the entry's values as
    corrected so far, overlaid with ``data`` (the values to correct); unbound when ``data`` is None."""
    form_class = actions.spec(entry.action).evidence_form
    assert form_class is not None  # correction_refusals refused a step without one
    current = {name: value for name, value in amendments.effective_evidence(entry).items() if value is not None}
    if data is None:
        dates = {name for name, field in form_class.base_fields.items() if isinstance(field, forms.DateField)}
        initial = {name: datetime.date.fromisoformat(value) if name in dates and isinstance(value, str) else value
                   for name, value in current.items()}  # fmt: skip
        form = form_class(initial=initial, candidacy=entry.candidacy)
    else:
        form = form_class({**current, **{name: value for name, value in data.items()}}, {}, candidacy=entry.candidacy)
    assert isinstance(form, EvidenceForm)
    for name in [name for name in form.fields if name not in correctable_fields(form)]:
        del form.fields[name]
    return form


def _same(old: Any, new: Any) -> bool:
    return (old in (None, "") and new in (None, "")) or old == new


def step_correct(*, actor: User, entry: TransitionLog, data: Mapping[str, Any], reason: str) -> TransitionLog:
    """Correct the evidence values of a recorded step and what derives from them; never its stage.

    ``data`` holds the values to correct (the others stay as recorded). Side effects: the ``Vote`` and
    ``Document`` rows the step filed, the candidacy's dates and current deadline, the roll; a new audit
    entry with each value before and after, pointing to ``entry``. Raises ``EvidenceInvalid`` (a value
    the step's form refuses, no reason, nothing changed) or ``ActionNotAllowed`` (not yours; the vote's
    outcome would change: reverse the step instead).
    """
    candidacy = entry.candidacy
    today = timezone.localdate()
    gate.require_amendment(user=actor, entry=entry, action=Action.STEP_CORRECT, on=today)
    reason_form = StepCorrectionReasonForm({"reason": reason})
    form = correction_form(entry, data)
    if not form.is_valid() or not reason_form.is_valid():
        raise EvidenceInvalid({**form.errors, **reason_form.errors})
    before = amendments.effective_evidence(entry)
    after = {name: _jsonable(form.cleaned_data.get(name)) for name in form.fields}
    changes = {name: {"from": before.get(name), "to": value} for name, value in after.items()
               if not _same(before.get(name), value)}  # fmt: skip
    if not changes:
        raise EvidenceInvalid({"__all__": [_("Nothing differs from what is recorded; change a value to correct it.")]})
    with _restoring(candidacy), transaction.atomic():
        _lock_fresh(candidacy)
        gate.require_amendment(user=actor, entry=entry, action=Action.STEP_CORRECT, on=today)
        passed = _correct_vote(entry, form) if isinstance(form, VoteForm) else None
        _correct_documents(entry, form, passed=passed)
        if amendments.is_latest_of_its_step(entry):
            values = {**before, **after}
            for field, value in amendments.corrected_fields(entry, values, passed=passed).items():
                setattr(candidacy, field, value)
        used = _recompute_deadline(candidacy, corrected=entry, event_date=form.event_date())
        if candidacy.stage in PROBATION or candidacy.stage == Stage.OFFICIAL:
            roll.roll_sync(candidacy, today)
        _save(candidacy)
        correction = _log(candidacy=candidacy, action=Action.STEP_CORRECT, from_stage=candidacy.stage, actor=actor,
                          on=today, note=reason_form.cleaned_data["reason"], evidence={"changes": changes},
                          rules_used=used, corrects=entry)  # fmt: skip
        case_dates.refresh_case(candidacy)  # the documents corrected: the stale-document dates again
        _after_commit(candidacy=candidacy)
    return correction


def _correct_vote(entry: TransitionLog, form: VoteForm) -> bool:
    """The vote row takes the corrected counts; refused when its outcome (and so the stage) would change."""
    vote_id = int((entry.evidence.get("vote") or {}).get("id") or 0)
    vote = Vote.objects.select_for_update().get(pk=vote_id, candidacy=entry.candidacy)
    data = form.cleaned_data
    passed = rules.vote_passes(in_favour=data["in_favour"], eligible=data["eligible"], ratio=Fraction(vote.ratio))
    if passed != vote.passed:
        raise ActionNotAllowed([_("With these counts the vote would have the opposite outcome, which would move the "
                                  "case; reverse the step and record the vote again instead.")])  # fmt: skip
    vote.meeting_date = data["meeting_date"]
    vote.eligible, vote.present = data["eligible"], data["present"]
    vote.in_favour, vote.against, vote.method = data["in_favour"], data["against"], data["method"]
    vote.eligible_on_roll = data.get("eligible_on_roll")
    vote.eligible_override_reason = data.get("eligible_override_reason") or ""
    vote.save()
    return passed


def _correct_documents(entry: TransitionLog, form: EvidenceForm, *, passed: bool | None) -> None:
    """The documents the step filed take the corrected numbers, dates and signers (their scans stay)."""
    rows = {row["form_code"]: row for row in form.documents()}
    if isinstance(form, VoteForm) and passed:
        resolution = form.resolution_document()
        rows[resolution["form_code"]] = resolution
    ids = [i for i in entry.evidence.get("documents") or [] if isinstance(i, int)]
    for document in Document.objects.filter(pk__in=ids, candidacy=entry.candidacy):
        row = rows.get(document.form_code)
        if row is None:
            continue
        document.number, document.issued_on, document.signer = row["number"], row["issued_on"], row["signer"]
        document.save(update_fields=["number", "issued_on", "signer"])


def _recompute_deadline(candidacy: Candidacy, *, corrected: TransitionLog | None, event_date: datetime.date) -> dict:
    """The current stage's deadline again, from the date the stage was entered (corrected if that is the
    corrected entry) and the candidacy's dates."""
    in_force = [e for e in amendments.steps_in_force(candidacy) if e.to_stage == candidacy.stage]
    if not in_force:
        entered_on = timezone.localdate()
    elif corrected is not None and in_force[-1].pk == corrected.pk:
        entered_on = event_date
    else:
        entered_on = amendments.effective_event_date(in_force[-1])
    used = deadlines.stage_deadline_recompute(candidacy=candidacy, on=entered_on)
    if candidacy.stage == Stage.OFFICIAL:
        candidacy.recognition_effective_on = candidacy.probation_ends_on
    return used


def step_reverse(*, actor: User, entry: TransitionLog, data: Mapping[str, Any]) -> Candidacy:
    """Undo a step that should not have happened: the case goes back to the stage before it.

    Side effects: the documents and the vote the step filed are withdrawn (listed in the new entry);
    the fields it set, its effect on the roll (``amendments.ROLL_UNDO``) and the deadline are undone;
    a new audit entry that moves the stage back and points to ``entry``. Raises ``EvidenceInvalid``
    without a reason, ``ActionNotAllowed`` when the step cannot be reversed or not by this user.
    """
    candidacy = entry.candidacy
    today = timezone.localdate()
    gate.require_amendment(user=actor, entry=entry, action=Action.STEP_REVERSE, on=today)
    form = StepReverseForm(data, candidacy=candidacy)
    if not form.is_valid():
        raise EvidenceInvalid(form.errors)
    spec = actions.spec(entry.action)
    with _restoring(candidacy), transaction.atomic():
        _lock_fresh(candidacy)
        gate.require_amendment(user=actor, entry=entry, action=Action.STEP_REVERSE, on=today)
        from_stage = candidacy.stage
        vote_id = (entry.evidence.get("vote") or {}).get("id") if isinstance(entry.evidence.get("vote"), dict) else None
        vote = Vote.objects.filter(pk=vote_id, candidacy=candidacy).first() if vote_id else None
        withdrawn = _withdraw(entry)
        restore = amendments.reversal_restore(candidacy, entry, vote=vote)
        if vote is not None:
            vote.delete()
        if spec.roll_effect in amendments.ROLL_UNDO:
            amendments.ROLL_UNDO[spec.roll_effect](candidacy, today)
        candidacy.step_reverse(on=today, to_stage=entry.from_stage, restore=restore)
        previous = [e for e in amendments.steps_in_force(candidacy) if e.pk != entry.pk]
        candidacy.stage_entered_at = previous[-1].occurred_at if previous else candidacy.created_at
        used = _recompute_deadline(candidacy, corrected=None, event_date=today)
        _save(candidacy)
        evidence = {"reversed_step": entry.action, "documents_withdrawn": withdrawn, "vote_withdrawn": _counts(vote)}
        _log(candidacy=candidacy, action=Action.STEP_REVERSE, from_stage=from_stage, actor=actor, on=today,
             note=form.cleaned_data["reason"], evidence=evidence, rules_used=used, corrects=entry)  # fmt: skip
        case_dates.refresh_case(candidacy)  # documents withdrawn, a stage re-entered: the stale-document dates again
        _after_commit(candidacy=candidacy)
    return candidacy


def _counts(vote: Vote | None) -> dict[str, Any] | None:
    if vote is None:
        return None
    return {"meeting_date": vote.meeting_date.isoformat(), "in_favour": vote.in_favour, "against": vote.against,
            "eligible": vote.eligible, "passed": vote.passed}  # fmt: skip


def _withdraw(entry: TransitionLog) -> list[dict[str, Any]]:
    """Delete the documents the step filed (their scans once committed); return what they were."""
    withdrawn = []
    ids = [i for i in entry.evidence.get("documents") or [] if isinstance(i, int)]
    for document in Document.objects.filter(pk__in=ids, candidacy=entry.candidacy).order_by("id"):
        withdrawn.append({"form_code": document.form_code, "number": document.number,
                          "issued_on": document.issued_on.isoformat()})  # fmt: skip
        if document.file:
            stored = document.file
            transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))  # type: ignore[misc]
        document.delete()
    return withdrawn


__all__ = ["correctable_fields", "correction_form", "step_correct", "step_reverse"]

"""Writes of the procedure: every change to a candidacy goes through one of these services.

A stage transition (``candidacy_perform``) is one linear service; its steps, in this order:

1. the evidence form of the action (``workflows.actions``) validates the submission
   (``EvidenceInvalid``); it gives the event date, passed explicitly from here on;
2. ``workflows.gate.require``: the step is on this case's path and the actor's on the event date
   (``ActionNotAllowed``, ``offered=False``);
3. in one transaction: refuse a copy whose stage is not the one the user saw; record the documents
   (and the vote); run the guards ONCE on the event date (``workflows.gate.blockers``, the case's
   evidence read once; ``ActionNotAllowed``, rolled back); call the transition; store the new stage's
   deadline (``workflows.deadlines``) and, if the stage moved, ``stage_entered_at``; apply the action's
   effect on the membership roll; write the changed fields in one conditional UPDATE that takes the
   row lock and is the one concurrency check (``StaleCandidacy`` when the row's stage or ``updated_at``
   moved since the copy was read: rolled back); write the ``TransitionLog`` row with the evidence and
   the rule versions used. The rulebook is read once per date for the whole step (``rules.step_snapshot``);
4. after commit: ``_after_commit`` queues the follow-up tasks (by id only).

Actions that keep the stage run steps 2, 3 (lock, change, save, log) and 4 the same way
(``_keep_stage``). Nothing is written when any step fails. Interfaces (views, API, admin, commands)
only call these.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Membership, MembershipStatus, Person
from workflows import actions, case_dates, deadlines, gate, rules, scans
from workflows.actions import ActionSpec
from workflows.enums import (
    CLOSED,
    EducationException,
    FormCode,
    MentorKind,
    OrganisationIntroduction,
    ProposingOrganisation,
    TogetherBy,
    VoteBody,
)
from workflows.evidence import EvidenceForm, VoteForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy, UnknownAction
from workflows.models import Candidacy, Document, Mentorship, TransitionLog, Vote

_T = TypeVar("_T")

# Keyed by ``VoteForm.body`` (a VoteBody value).
RATIO_RULES: dict[str, str] = {
    VoteBody.CELL: "vote.cell_approval_ratio",
    VoteBody.PARTIAL: "vote.committee_approval_ratio",
    VoteBody.GRASSROOTS: "vote.committee_approval_ratio",
    VoteBody.COMPETENT: "vote.decision_body_approval_ratio",
}


# --- Shared steps ----------------------------------------------------------------------------------------


def _require(action: str, *, actor: User, candidacy: Candidacy, on: datetime.date) -> None:
    gate.require(user=actor, candidacy=candidacy, action=action, on=on)


_LOADED = "_loaded_values"


def _values(candidacy: Candidacy) -> dict[str, Any]:
    values = {field.attname: getattr(candidacy, field.attname) for field in Candidacy._meta.concrete_fields}
    return {name: dict(value) if isinstance(value, dict) else value for name, value in values.items()}


def _lock_fresh(candidacy: Candidacy, *, expected_stage: str | None = None) -> None:
    """Remember the copy the step starts from; refuse one whose stage is not the one the user saw.

    No query: the row is locked, and a copy older than the database refused (``StaleCandidacy``), by
    ``_save``'s conditional UPDATE, the step's one write to the row."""
    if expected_stage is not None and expected_stage != candidacy.stage:
        raise StaleCandidacy()
    candidacy.__dict__[_LOADED] = _values(candidacy)


def _save(candidacy: Candidacy) -> None:
    """Write the fields the step changed, only if the row is still the copy the step started from
    (same stage, same ``updated_at``): ``UPDATE ... WHERE id, stage, updated_at``. The UPDATE takes the row
    lock; a concurrent step that committed first has moved ``updated_at``, so no row matches and the
    step is refused as stale (nothing it wrote is kept). A concurrent step that comes second waits for
    the lock, then matches no row either."""
    loaded = candidacy.__dict__.pop(_LOADED)
    changed = {name: value for name, value in _values(candidacy).items() if value != loaded[name]}
    changed["updated_at"] = timezone.now()
    matched = Candidacy.objects.filter(pk=candidacy.pk, stage=loaded["stage"], updated_at=loaded["updated_at"]).update(
        **changed
    )
    if not matched:
        raise StaleCandidacy()
    candidacy.updated_at = changed["updated_at"]


def _log(
    *,
    candidacy: Candidacy,
    action: str,
    from_stage: str,
    actor: User | None,
    on: datetime.date,
    note: str = "",
    evidence: dict[str, Any] | None = None,
    rules_used: dict[str, Any] | None = None,
    corrects: TransitionLog | None = None,
) -> TransitionLog:
    case_dates.note_entry(candidacy, to_stage=candidacy.stage, event_date=on)
    return TransitionLog.objects.create(
        corrects=corrects,
        candidacy=candidacy,
        action=action,
        from_stage=from_stage,
        to_stage=candidacy.stage,
        actor=actor,
        event_date=on,
        due_on=candidacy.stage_due_on,
        cell=candidacy.cell,
        deciding_unit=actions.deciding_unit(action, candidacy, on),
        note=note,
        evidence=evidence or {},
        rules=rules_used or {},
    )


def _after_commit(*, candidacy: Candidacy) -> None:
    """Step 4, registered inside the transaction: once it commits, queue the reminder scan of this one
    candidacy (by id), so the notices its new step calls for appear today rather than at the nightly
    scan. The scan is idempotent; a broker outage is logged, never raised."""
    from partycell.notifications.services import reminders_request_scan

    reminders_request_scan(candidacy_id=candidacy.pk)


def _create_document(*, candidacy: Candidacy, actor: User, action: str, fields: dict[str, Any]) -> Document:
    document = Document(candidacy=candidacy, uploaded_by=actor, action=action, **fields)
    if document.file:
        # The type found by parsing (already validated): it names the stored file and is what is served.
        document.content_type = scans.scan_type(document.file).content_type
    document.save()
    case_dates.note_document(candidacy, form_code=document.form_code, issued_on=document.issued_on)
    return document


@contextlib.contextmanager
def _restoring(candidacy: Candidacy) -> Iterator[None]:
    """On failure, put the caller's in-memory copy back as it is in the database."""
    try:
        yield
    except StaleCandidacy:
        raise
    except Exception:
        if candidacy.pk is not None:
            candidacy.refresh_from_db()
        raise


# --- Creation ----------------------------------------------------------------------------------------------


def candidacy_create(
    *,
    actor: User,
    person: Person,
    cell: Unit,
    is_readmission: bool = False,
    note: str = "",
    record_cleared_on: datetime.date | None = None,
    proposed_by: str = "",
) -> Candidacy:
    """Open a candidacy for ``person`` in ``cell`` at the source stage; ``proposed_by`` is the mass
    organisation that proposed the person (a ``ProposingOrganisation`` value, domain.md A1).

    ``record_cleared_on``: for a readmission of a person once convicted of a less serious crime, the day
    the criminal record was cleared (the readmission guard waits 60 months after it, domain.md 2C).

    Side effects: a ``Candidacy`` row and its first ``TransitionLog`` row ('' -> source).
    Raises ``ActionNotAllowed`` when the actor may not act for the cell, the unit is not a cell, or
    the person already has an open candidacy.
    """
    today = timezone.localdate()
    candidacy = Candidacy(
        person=person,
        cell=cell,
        is_readmission=is_readmission,
        record_cleared_on=record_cleared_on,
        proposed_by=proposed_by,
    )
    _require("candidacy_create", actor=actor, candidacy=candidacy, on=today)
    reasons = []
    if record_cleared_on is not None and (not is_readmission or record_cleared_on > today):
        reasons.append(_("The day a criminal record was cleared is recorded for a readmission, and not in the future."))
    if not cell.kind.is_cell:
        reasons.append(_("%(unit)s is not a party cell.") % {"unit": cell})
    if Candidacy.objects.filter(person=person).exclude(stage__in=CLOSED).exists():
        reasons.append(_("This person already has an open candidacy."))
    if proposed_by not in ProposingOrganisation.values:
        reasons.append(_("Unknown proposing organisation."))
    if reasons:
        raise ActionNotAllowed(reasons)
    with transaction.atomic():
        candidacy.attempt = Candidacy.objects.filter(person=person).count() + 1
        try:
            with transaction.atomic():
                candidacy.save()
        except IntegrityError as error:
            # Another request opened one between the check above and this insert: the database's
            # one_open_candidacy_per_person constraint refused ours. Same answer as the check's.
            raise ActionNotAllowed([_("This person already has an open candidacy.")]) from error
        _log(candidacy=candidacy, action="candidacy_create", from_stage="", actor=actor, on=today, note=note,
             evidence={"is_readmission": is_readmission, "proposed_by": proposed_by,
                       "record_cleared_on": record_cleared_on.isoformat() if record_cleared_on else None})  # fmt: skip
        _after_commit(candidacy=candidacy)
    return candidacy


# --- Stage transitions -------------------------------------------------------------------------------------


def candidacy_perform(
    *,
    actor: User,
    candidacy: Candidacy,
    action: str,
    data: dict[str, Any],
    files: dict[str, Any] | None = None,
    expected_stage: str | None = None,
) -> Candidacy:
    """Take the stage-moving step ``action`` with the evidence in ``data``/``files``; return the candidacy.

    The steps are those of this module's docstring. ``expected_stage`` is the stage the user saw:
    when the case has moved on meanwhile, ``StaleCandidacy`` and nothing is written.

    Side effects: ``Document``/``Vote`` rows; the action's effect on the person's ``Membership``
    (probationary on admission, official on recognition, removed on removal or annulment); a
    ``TransitionLog`` row; after commit, the notices of the new stage.
    """
    spec = actions.spec(action)
    if spec.keeps_stage or spec.evidence_form is None:
        raise UnknownAction(action)
    with rules.step_snapshot():  # the rulebook read once per date for the whole step
        form = spec.evidence_form(data, files, candidacy=candidacy)
        if not form.is_valid():
            raise EvidenceInvalid(form.errors)
        assert isinstance(form, EvidenceForm)
        on = form.event_date()
        with _restoring(candidacy):
            _require(action, actor=actor, candidacy=candidacy, on=on)
            with transaction.atomic():
                _lock_fresh(candidacy, expected_stage=expected_stage)
                _transition(actor=actor, candidacy=candidacy, spec=spec, form=form, on=on)
                _after_commit(candidacy=candidacy)
    return candidacy


def _transition(*, actor: User, candidacy: Candidacy, spec: ActionSpec, form: EvidenceForm, on: datetime.date) -> None:
    """Step 3 of ``candidacy_perform``, inside its transaction on the locked row."""
    from_stage = candidacy.stage
    documents = [_create_document(candidacy=candidacy, actor=actor, action=spec.name, fields=f)
                 for f in form.documents()]  # fmt: skip
    reader = rules.RuleReader(on)
    blocked = gate.blockers(candidacy=candidacy, action=spec.name, reader=reader)
    if blocked:
        raise ActionNotAllowed(blocked)
    kwargs = form.transition_kwargs()
    evidence = form.summary()
    if isinstance(form, VoteForm):
        vote = _record_vote(actor=actor, candidacy=candidacy, form=form, reader=reader)
        kwargs.update(rules.vote_transition_kwargs(spec.name, passed=vote.passed, against=vote.against,
                                                   eligible=vote.eligible, rules=reader))  # fmt: skip
        evidence["vote"] = {"id": vote.pk, "passed": vote.passed, "ratio": vote.ratio, "attempt": vote.attempt}
        if kwargs.get("proposes_removal"):
            evidence["vote"]["proposes_removal"] = True
        if vote.passed or kwargs.get("proposes_removal"):
            # Passed: the resolution proposing the step; two thirds against recognition: the one proposing removal.
            fields = form.resolution_document()
            if not vote.passed:
                fields["form_code"] = FormCode.CELL_MINUTES
            documents.append(_create_document(candidacy=candidacy, actor=actor, action=spec.name, fields=fields))
    getattr(candidacy, spec.name)(on=on, **kwargs)
    if candidacy.stage != from_stage:
        candidacy.stage_entered_at = timezone.now()
    deadline_rules = deadlines.stage_deadline_apply(candidacy=candidacy, on=on)
    if spec.roll_effect is not None:
        spec.roll_effect(candidacy, on)
    evidence["documents"] = [document.pk for document in documents]
    _log(candidacy=candidacy, action=spec.name, from_stage=from_stage, actor=actor, on=on,
         note=form.cleaned_data.get("note", ""), evidence=evidence,
         rules_used={**reader.used, **deadline_rules})  # fmt: skip
    _save(candidacy)  # last: with the dates the audit row and the documents give (workflows.case_dates)


def _record_vote(*, actor: User, candidacy: Candidacy, form: VoteForm, reader: rules.RuleReader) -> Vote:
    data = form.cleaned_data
    ratio = reader.ratio(RATIO_RULES[form.body])
    passed = rules.vote_passes(in_favour=data["in_favour"], eligible=data["eligible"], ratio=ratio)
    return Vote.objects.create(
        candidacy=candidacy,
        phase=form.phase,
        body=form.body,
        meeting_date=data["meeting_date"],
        eligible=data["eligible"],
        eligible_on_roll=data.get("eligible_on_roll"),
        eligible_override_reason=data.get("eligible_override_reason") or "",
        present=data["present"],
        in_favour=data["in_favour"],
        against=data["against"],
        method=data["method"],
        attempt=candidacy.failed_vote_count + 1,
        ratio=f"{ratio.numerator}/{ratio.denominator}",
        passed=passed,
        recorded_by=actor,
    )


# --- Services that keep the stage ----------------------------------------------------------------------------


def _keep_stage(
    *,
    actor: User,
    candidacy: Candidacy,
    action: str,
    on: datetime.date,
    change: Callable[[], tuple[_T, dict]],
    note: str = "",
    evidence: dict[str, Any] | None = None,
) -> _T:
    """Run ``change()`` on a locked, fresh candidacy and log it as an audit row that keeps the stage.

    The caller has asked the gate (``_require``) on the action's date; the closed-file rule is the
    gate's too (``ActionSpec.on_closed``).
    """
    with rules.step_snapshot(), transaction.atomic(), _restoring(candidacy):
        _lock_fresh(candidacy)
        result, rules_used = change()
        _log(candidacy=candidacy, action=action, from_stage=candidacy.stage, actor=actor, on=on, note=note,
             evidence=evidence, rules_used=rules_used)  # fmt: skip
        _save(candidacy)
        _after_commit(candidacy=candidacy)
    return result


def mentor_assign(
    *,
    actor: User,
    candidacy: Candidacy,
    mentor: Person,
    kind: str,
    assigned_on: datetime.date,
    months_together: int | None = None,
    organisation_introduction: str = OrganisationIntroduction.NONE,
    is_replacement: bool = False,
    reason: str = "",
    together_by: str = TogetherBy.WORK,
    replaces: Mentorship | None = None,
) -> Mentorship:
    """Assign an official member as helper, introducer or probation helper (A3, A7, A13).

    ``replaces``: the introducer of this case whose assignment ended (with its reason) and whom this one
    replaces; the replacement is then exempt from the months together (``rules.replacement_exempt``).

    Side effects: a ``Mentorship`` row and an audit row. Raises ``ActionNotAllowed`` when the mentor
    is not an official member on ``assigned_on`` or is the person themself, or the introducer it
    replaces belongs to another case or has not left.
    """
    _require("mentor_assign", actor=actor, candidacy=candidacy, on=assigned_on)
    reasons = rules.mentor_assignment_reasons(mentor, on=assigned_on)
    if mentor.pk == candidacy.person_id:
        reasons.append(_("A person cannot help or introduce themself."))
    if assigned_on > timezone.localdate():
        reasons.append(_("The assignment date is in the future."))
    if kind not in MentorKind.values:
        reasons.append(_("Unknown mentor role."))
    if organisation_introduction and kind != MentorKind.INTRODUCER:
        reasons.append(_("Only an introducer introduces together with the Youth Union or trade union."))
    if together_by not in TogetherBy.values:
        reasons.append(_("Unknown way of knowing the applicant."))
    reasons += _replacement_reasons(candidacy, kind=kind, replaces=replaces, assigned_on=assigned_on)
    if replaces is not None:
        is_replacement = True
    if reasons:
        raise ActionNotAllowed(reasons)
    mentorship = Mentorship(
        candidacy=candidacy, mentor=mentor, kind=kind, assigned_on=assigned_on, months_together=months_together,
        organisation_introduction=organisation_introduction, is_replacement=is_replacement, reason=reason,
        assigned_by=actor, together_by=together_by, replaces=replaces,
    )  # fmt: skip

    def change() -> tuple[Mentorship, dict]:
        mentorship.save()
        return mentorship, {}

    evidence = {"mentor": mentor.pk, "kind": kind, "months_together": months_together,
                "organisation_introduction": organisation_introduction, "is_replacement": is_replacement,
                "together_by": together_by, "replaces": replaces.pk if replaces else None}  # fmt: skip
    result = _keep_stage(actor=actor, candidacy=candidacy, action="mentor_assign", on=assigned_on, change=change,
                         note=reason, evidence=evidence)  # fmt: skip
    return result


def _replacement_reasons(
    candidacy: Candidacy, *, kind: str, replaces: Mentorship | None, assigned_on: datetime.date
) -> list[str]:
    """A replacement names an introducer of the same case whose assignment ended, with its reason, by
    the day the replacement is assigned (A7)."""
    if replaces is None:
        return []
    if kind != MentorKind.INTRODUCER or replaces.kind != MentorKind.INTRODUCER:
        return [_("Only an introducer replaces an introducer.")]
    if replaces.candidacy_id != candidacy.pk:
        return [_("The introducer it replaces belongs to another file.")]
    if replaces.ended_on is None or replaces.ended_on > assigned_on or not replaces.reason.strip():
        return [_("End the assignment of the introducer it replaces first, with the reason.")]
    return []


def mentor_end(
    *, actor: User, mentorship: Mentorship, ended_on: datetime.date | None, reason: str, by_mistake: bool = False
) -> Mentorship:
    """End an assignment (the introducer moved away, was disciplined, was entered by mistake ...), with
    the reason. Side effects: an audit row. The assignment is kept, with its end date, never deleted."""
    candidacy = mentorship.candidacy
    if by_mistake:
        # Ended on the day it began: active on no day (``Mentorship.is_active_on``), so it never counted.
        ended_on = mentorship.assigned_on
    if ended_on is None:
        raise EvidenceInvalid({"ended_on": [_("Give the day the assignment ended, or tick “entered by mistake”.")]})
    _require("mentor_end", actor=actor, candidacy=candidacy, on=ended_on)
    if mentorship.ended_on is not None:
        raise ActionNotAllowed([_("This assignment has already ended.")])
    if ended_on < mentorship.assigned_on or ended_on > timezone.localdate():
        raise EvidenceInvalid({"ended_on": [_("The end date must be between the assignment date and today.")]})
    if not reason.strip():
        raise EvidenceInvalid({"reason": [_("Give the reason the assignment ends.")]})

    def change() -> tuple[Mentorship, dict]:
        mentorship.ended_on = ended_on
        mentorship.reason = reason
        mentorship.save(update_fields=["ended_on", "reason"])
        return mentorship, {}

    return _keep_stage(actor=actor, candidacy=candidacy, action="mentor_end", on=ended_on, change=change, note=reason,
                       evidence={"mentorship": mentorship.pk, "by_mistake": by_mistake})  # fmt: skip


def document_add(
    *,
    actor: User,
    candidacy: Candidacy,
    form_code: str,
    issued_on: datetime.date,
    number: str = "",
    signer: str = "",
    file: File[Any] | None = None,
    note: str = "",
) -> Document:
    """Add a document to the file without changing the stage (certificates, consent, 10/11/12-KNĐ ...).

    Side effects: a ``Document`` row and an audit row. Raises ``EvidenceInvalid`` for a bad number,
    date or file.
    """
    _require("document_add", actor=actor, candidacy=candidacy, on=timezone.localdate())
    document = Document(candidacy=candidacy, form_code=form_code, issued_on=issued_on, number=number,
                        signer=signer, file=file, note=note, uploaded_by=actor, action="document_add")  # fmt: skip
    errors: dict[str, list[str]] = {}
    try:
        document.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
    if issued_on and issued_on > timezone.localdate():
        errors.setdefault("issued_on", []).append(_("This date is in the future."))
    if errors:
        raise EvidenceInvalid(errors)

    def change() -> tuple[Document, dict]:
        return _create_document(candidacy=candidacy, actor=actor, action="document_add",
                                fields={"form_code": form_code, "issued_on": issued_on, "number": number,
                                        "signer": signer, "file": file, "note": note}), {}  # fmt: skip

    return _keep_stage(actor=actor, candidacy=candidacy, action="document_add", on=issued_on, change=change, note=note,
                       evidence={"form_code": form_code, "number": number})  # fmt: skip


def education_exception_set(*, actor: User, candidacy: Candidacy, exception: str, note: str) -> Candidacy:
    """Record (or clear) the education exception the cell relies on (domain.md 2D). Side effects: audit row."""
    today = timezone.localdate()
    _require("education_exception_set", actor=actor, candidacy=candidacy, on=today)
    if exception not in EducationException.values:
        raise EvidenceInvalid({"exception": [_("Unknown education exception.")]})
    if exception and not note.strip():
        raise EvidenceInvalid({"note": [_("Give the grounds for the exception.")]})

    def change() -> tuple[Candidacy, dict]:
        candidacy.education_exception = exception
        candidacy.education_exception_note = note
        return candidacy, {}

    return _keep_stage(actor=actor, candidacy=candidacy, action="education_exception_set", on=today, change=change,
                       note=note, evidence={"education_exception": exception})  # fmt: skip


def candidacy_transfer(
    *, actor: User, candidacy: Candidacy, to_cell: Unit, on: datetime.date, reason: str
) -> Candidacy:
    """Move the file, with its whole history, to another cell; the stage stays (domain.md 2A).

    Side effects: ``cell`` changes on the candidacy and, during probation, on the membership; an
    audit row records both cells. The actor needs authority over both cells.
    """
    _require("candidacy_transfer", actor=actor, candidacy=candidacy, on=on)
    target = Candidacy(person=candidacy.person, cell=to_cell)
    _require("candidacy_transfer", actor=actor, candidacy=target, on=on)
    reasons = []
    if not to_cell.kind.is_cell:
        reasons.append(_("%(unit)s is not a party cell.") % {"unit": to_cell})
    if to_cell.pk == candidacy.cell_id:
        reasons.append(_("The candidacy is already in this cell."))
    if not reason.strip():
        reasons.append(_("Give the reason for the transfer."))
    if reasons:
        raise ActionNotAllowed(reasons)
    from_cell = candidacy.cell

    def change() -> tuple[Candidacy, dict]:
        candidacy.cell = to_cell
        Membership.objects.filter(person=candidacy.person).exclude(status=MembershipStatus.REMOVED).update(cell=to_cell)
        return candidacy, {}

    return _keep_stage(actor=actor, candidacy=candidacy, action="candidacy_transfer", on=on, change=change, note=reason,
                       evidence={"from_cell": from_cell.pk, "to_cell": to_cell.pk})  # fmt: skip


def deadline_extend(*, actor: User, candidacy: Candidacy, reason: str) -> Candidacy:
    """Extend the decision deadline once, in a special case, with a recorded reason (A11, B10).

    Side effects: ``stage_due_on`` moves by the extension rule's working days; an audit row.
    """
    today = timezone.localdate()
    _require("deadline_extend", actor=actor, candidacy=candidacy, on=today)  # extension_refusals included
    if not reason.strip():
        raise EvidenceInvalid({"reason": [_("Give the reason for the extension.")]})
    previous = candidacy.stage_due_on
    assert previous is not None  # _require refused a case without a deadline (deadlines.extension_refusals)

    def change() -> tuple[Candidacy, dict]:
        candidacy.stage_due_on, used = deadlines.extension_due_on(candidacy=candidacy)
        candidacy.deadline_extended = True
        candidacy.deadline_extension_reason = reason
        return candidacy, used

    return _keep_stage(actor=actor, candidacy=candidacy, action="deadline_extend", on=today, change=change,
                       note=reason, evidence={"previous_due_on": previous.isoformat()})  # fmt: skip


__all__ = [
    "candidacy_create",
    "candidacy_perform",
    "candidacy_transfer",
    "deadline_extend",
    "document_add",
    "education_exception_set",
    "mentor_assign",
    "mentor_end",
]

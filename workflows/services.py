"""Writes of the procedure: every change to a candidacy goes through one of these services.

Each service runs the same steps in the same order (STYLE.md 3):

1. validate the evidence (``EvidenceInvalid``) and check the permission on the event date
   (``ActionNotAllowed`` with the reasons);
2. open ``transaction.atomic`` and lock the row; a copy loaded before someone else's change raises
   ``StaleCandidacy``;
3. record the evidence, run the guards on the event date (``ActionNotAllowed``, rolled back), call the
   transition, store the deadline of the new stage, update the membership roll, ``save()``;
4. write the ``TransitionLog`` row with the evidence and the rule versions used;
5. register ``transaction.on_commit`` hooks (none yet: notifications will be queued in ``_after_commit``).

Nothing is written when any step fails. Interfaces (views, API, admin, commands) only call these.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Membership, MembershipStatus, Person
from workflows import deadlines, permissions, rules
from workflows.enums import (
    CLOSED,
    EducationException,
    MentorKind,
    OrganisationIntroduction,
    VoteBody,
)
from workflows.evidence import EVIDENCE_FORMS, EvidenceForm, VoteForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy
from workflows.models import Candidacy, Document, Mentorship, TransitionLog, Vote, sniff_content_type

RATIO_RULES = {
    VoteBody.CELL: "vote.cell_approval_ratio",
    VoteBody.PARTIAL: "vote.committee_approval_ratio",
    VoteBody.GRASSROOTS: "vote.committee_approval_ratio",
    VoteBody.COMPETENT: "vote.decision_body_approval_ratio",
}
ACTIONS = frozenset(EVIDENCE_FORMS)


# --- Shared steps ----------------------------------------------------------------------------------------


def _require(action: str, *, actor: User, candidacy: Candidacy, on: datetime.date) -> None:
    reasons = permissions.reasons(action, user=actor, candidacy=candidacy, on=on)
    if reasons:
        raise ActionNotAllowed(reasons)


def _lock_fresh(candidacy: Candidacy, *, expected_stage: str | None = None) -> None:
    """Lock the row; refuse a copy that is older than the database (someone else acted meanwhile)."""
    if expected_stage is not None and expected_stage != candidacy.stage:
        raise StaleCandidacy()
    current = Candidacy.objects.select_for_update().only("stage", "updated_at").get(pk=candidacy.pk)
    if current.stage != candidacy.stage or current.updated_at != candidacy.updated_at:
        raise StaleCandidacy()


def _save(candidacy: Candidacy) -> None:
    try:
        candidacy.save()
    except ConcurrentTransition as exc:
        raise StaleCandidacy() from exc


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
) -> TransitionLog:
    return TransitionLog.objects.create(
        candidacy=candidacy,
        action=action,
        from_stage=from_stage,
        to_stage=candidacy.stage,
        actor=actor,
        event_date=on,
        cell=candidacy.cell,
        note=note,
        evidence=evidence or {},
        rules=rules_used or {},
    )


def _after_commit(*, candidacy: Candidacy, action: str) -> None:
    """Side effects after commit (notifications, reminders). None yet: queue tasks here, by id only."""


def _create_document(*, candidacy: Candidacy, actor: User, action: str, fields: dict[str, Any]) -> Document:
    document = Document(candidacy=candidacy, uploaded_by=actor, action=action, **fields)
    if document.file:
        document.content_type = sniff_content_type(document.file) or ""
    document.save()
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
    finally:
        candidacy.__dict__.pop("_event_on", None)


# --- Creation ----------------------------------------------------------------------------------------------


def candidacy_create(
    *,
    actor: User,
    person: Person,
    cell: Unit,
    is_readmission: bool = False,
    note: str = "",
) -> Candidacy:
    """Open a candidacy for ``person`` in ``cell`` at the source stage.

    Side effects: a ``Candidacy`` row and its first ``TransitionLog`` row ('' -> source).
    Raises ``ActionNotAllowed`` when the actor may not act for the cell, the unit is not a cell, or
    the person already has an open candidacy.
    """
    today = timezone.localdate()
    candidacy = Candidacy(person=person, cell=cell, is_readmission=is_readmission)
    _require("candidacy_create", actor=actor, candidacy=candidacy, on=today)
    reasons = []
    if not cell.kind.is_cell:
        reasons.append(_("%(unit)s is not a party cell.") % {"unit": cell})
    if Candidacy.objects.filter(person=person).exclude(stage__in=CLOSED).exists():
        reasons.append(_("This person already has an open candidacy."))
    if reasons:
        raise ActionNotAllowed(reasons)
    with transaction.atomic():
        candidacy.attempt = Candidacy.objects.filter(person=person).count() + 1
        candidacy.save()
        _log(candidacy=candidacy, action="candidacy_create", from_stage="", actor=actor, on=today, note=note,
             evidence={"is_readmission": is_readmission})  # fmt: skip
        transaction.on_commit(lambda: _after_commit(candidacy=candidacy, action="candidacy_create"))
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
    """Take the step ``action`` with the evidence in ``data``/``files``; return the updated candidacy.

    1. ``EVIDENCE_FORMS[action]`` validates the submission (``EvidenceInvalid``);
    2. the permission is checked on the event date the evidence gives (``ActionNotAllowed``);
    3. in one transaction: lock (``StaleCandidacy`` if ``expected_stage`` or the copy is out of date),
       save the documents (and the vote), run the guards on the event date (``ActionNotAllowed``),
       call the transition, store the new stage's deadline, update the membership roll, save,
       and write the ``TransitionLog`` row with the evidence and the rule versions used.

    Side effects: ``Document``/``Vote`` rows; for decisions, the person's ``Membership`` (probationary
    on admission, official on recognition, removed on removal or annulment).
    """
    if action not in ACTIONS:
        raise ActionNotAllowed([_("Unknown action: %(action)s.") % {"action": action}])
    if expected_stage is not None and expected_stage != candidacy.stage:
        raise StaleCandidacy()
    form = EVIDENCE_FORMS[action](data, files, candidacy=candidacy)
    if not form.is_valid():
        raise EvidenceInvalid(form.errors)
    on = form.event_date()
    candidacy._event_on = on
    with _restoring(candidacy):
        method = getattr(candidacy, action)
        _require_transition(candidacy, action)
        _require(action, actor=actor, candidacy=candidacy, on=on)
        with transaction.atomic():
            _lock_fresh(candidacy, expected_stage=expected_stage)
            _perform(actor=actor, candidacy=candidacy, action=action, form=form, method=method, on=on)
            transaction.on_commit(lambda: _after_commit(candidacy=candidacy, action=action))
    return candidacy


def _require_transition(candidacy: Candidacy, action: str) -> None:
    meta = getattr(candidacy, action)._django_fsm
    if not meta.has_transition(candidacy.stage) or not rules.applies(action, candidacy):
        raise ActionNotAllowed(
            [_("This step is not possible at the stage “%(stage)s”.") % {"stage": candidacy.get_stage_display()}]
        )


def _perform(*, actor: User, candidacy: Candidacy, action: str, form: EvidenceForm, method, on: datetime.date) -> None:
    from_stage = candidacy.stage
    documents = [_create_document(candidacy=candidacy, actor=actor, action=action, fields=f) for f in form.documents()]
    reader = rules.RuleReader(on)
    reasons = rules.check(action, candidacy, reader)
    if reasons:
        raise ActionNotAllowed(reasons)
    kwargs = form.transition_kwargs()
    evidence = form.summary()
    if isinstance(form, VoteForm):
        vote = _record_vote(actor=actor, candidacy=candidacy, form=form, reader=reader)
        kwargs.update(passed=vote.passed, max_failed=reader("vote.max_failed_attempts"))
        evidence["vote"] = {"id": vote.pk, "passed": vote.passed, "ratio": vote.ratio, "attempt": vote.attempt}
        if vote.passed:
            documents.append(_create_document(candidacy=candidacy, actor=actor, action=action,
                                              fields=form.resolution_document()))  # fmt: skip
    try:
        method(on=on, **kwargs)
    except TransitionNotAllowed as exc:
        raise ActionNotAllowed(rules.blocking_reasons(action, candidacy) or [str(exc)]) from exc
    deadline_rules = deadlines.stage_deadline_apply(candidacy=candidacy, on=on)
    _update_roll(candidacy=candidacy, action=action, on=on)
    _save(candidacy)
    evidence["documents"] = [document.pk for document in documents]
    _log(candidacy=candidacy, action=action, from_stage=from_stage, actor=actor, on=on,
         note=form.cleaned_data.get("note", ""), evidence=evidence,
         rules_used={**reader.used, **deadline_rules})  # fmt: skip


def _record_vote(*, actor: User, candidacy: Candidacy, form: VoteForm, reader: rules.RuleReader) -> Vote:
    data = form.cleaned_data
    ratio = reader(RATIO_RULES[form.body])
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


def _update_roll(*, candidacy: Candidacy, action: str, on: datetime.date) -> None:
    """Keep the membership roll in step with the decisions (domain.md B11, 2B)."""
    if action == "admission_decide":
        Membership.objects.update_or_create(
            person=candidacy.person,
            defaults={
                "cell": candidacy.cell,
                "status": MembershipStatus.PROBATIONARY,
                "admission_decision_number": candidacy.admission_decision_number,
                # Party age counts from the admission decision (B11).
                "admission_decision_date": candidacy.admission_decision_date,
                "ceremony_date": None,
                "recognition_date": None,
                "left_on": None,
            },
        )
    elif action == "ceremony_hold":
        Membership.objects.filter(person=candidacy.person).update(ceremony_date=candidacy.ceremony_date)
    elif action == "recognition_decide":
        Membership.objects.filter(person=candidacy.person).update(
            status=MembershipStatus.OFFICIAL, recognition_date=candidacy.recognition_effective_on
        )
    elif action in {"probation_remove", "admission_annul"}:
        Membership.objects.filter(person=candidacy.person).update(
            status=MembershipStatus.REMOVED, left_on=on, recognition_date=None
        )


# --- Services that keep the stage ----------------------------------------------------------------------------


def _keep_stage(
    *,
    actor: User,
    candidacy: Candidacy,
    action: str,
    on: datetime.date,
    change,
    note: str = "",
    evidence: dict[str, Any] | None = None,
) -> Any:
    """Run ``change()`` on a locked, fresh candidacy and log it as an audit row that keeps the stage."""
    if not candidacy.is_open and action != "document_add":
        raise ActionNotAllowed([_("This candidacy is closed.")])
    with transaction.atomic(), _restoring(candidacy):
        _lock_fresh(candidacy)
        result, rules_used = change()
        _save(candidacy)
        _log(candidacy=candidacy, action=action, from_stage=candidacy.stage, actor=actor, on=on, note=note,
             evidence=evidence, rules_used=rules_used)  # fmt: skip
        transaction.on_commit(lambda: _after_commit(candidacy=candidacy, action=action))
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
) -> Mentorship:
    """Assign an official member as helper, introducer or probation helper (A3, A7, A13).

    Side effects: a ``Mentorship`` row and an audit row. Raises ``ActionNotAllowed`` when the mentor
    is not an official member on ``assigned_on`` or is the person themself.
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
    if reasons:
        raise ActionNotAllowed(reasons)
    mentorship = Mentorship(
        candidacy=candidacy, mentor=mentor, kind=kind, assigned_on=assigned_on, months_together=months_together,
        organisation_introduction=organisation_introduction, is_replacement=is_replacement, reason=reason,
        assigned_by=actor,
    )  # fmt: skip

    def change() -> tuple[Mentorship, dict]:
        mentorship.save()
        return mentorship, {}

    evidence = {"mentor": mentor.pk, "kind": kind, "months_together": months_together,
                "organisation_introduction": organisation_introduction, "is_replacement": is_replacement}  # fmt: skip
    result = _keep_stage(actor=actor, candidacy=candidacy, action="mentor_assign", on=assigned_on, change=change,
                         note=reason, evidence=evidence)  # fmt: skip
    return result


def mentor_end(*, actor: User, mentorship: Mentorship, ended_on: datetime.date, reason: str) -> Mentorship:
    """End an assignment (the introducer moved away, was disciplined ...). Side effects: an audit row."""
    candidacy = mentorship.candidacy
    _require("mentor_assign", actor=actor, candidacy=candidacy, on=ended_on)
    if ended_on < mentorship.assigned_on or ended_on > timezone.localdate():
        raise ActionNotAllowed([_("The end date must be between the assignment date and today.")])

    def change() -> tuple[Mentorship, dict]:
        mentorship.ended_on = ended_on
        mentorship.reason = reason
        mentorship.save(update_fields=["ended_on", "reason"])
        return mentorship, {}

    return _keep_stage(actor=actor, candidacy=candidacy, action="mentor_end", on=ended_on, change=change, note=reason,
                       evidence={"mentorship": mentorship.pk})  # fmt: skip


def document_add(
    *,
    actor: User,
    candidacy: Candidacy,
    form_code: str,
    issued_on: datetime.date,
    number: str = "",
    signer: str = "",
    file=None,
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
    _require("deadline_extend", actor=actor, candidacy=candidacy, on=today)
    if candidacy.stage_due_rule not in deadlines.EXTENSION_RULE or candidacy.stage_due_on is None:
        raise ActionNotAllowed([_("Only the deadline of an admission or recognition decision can be extended.")])
    if candidacy.deadline_extended:
        raise ActionNotAllowed([_("The deadline has already been extended once.")])
    if not reason.strip():
        raise EvidenceInvalid({"reason": [_("Give the reason for the extension.")]})
    previous = candidacy.stage_due_on

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

"""Writes and reads of the background-verification tracker (domain.md A6; models in ``workflows.verification``).

Three actions keep the stage, each declared once in ``workflows.actions`` (the grassroots
organisation's staff take them, as they take "record the background verification"):

- ``verification_subject_add``: a person to verify, the applicant or a relative the rule names;
- ``verification_request_send``: a letter to an organisation and locality about one of them;
- ``verification_reply_record``: the reply to a letter, its date and its conclusion.

Each service runs the same steps, in this order:

1. ``workflows.gate.require`` on today: the action is this actor's on this open case
   (``ActionNotAllowed``, ``offered=False``);
2. the input is checked as a whole (``EvidenceInvalid``, field -> translated messages): dates not in
   the future, a letter not sent before the file was opened, a reply not before its letter, a cost
   that is not negative, a chaser the gate lets record the reply, a valid scan. Nothing is written
   when anything is wrong;
3. through ``workflows.services._keep_stage``, in one transaction on the locked candidacy: the rows,
   the scan as a ``Document`` of the file (form "other"), an audit row that keeps the stage and,
   after commit, the reminder scan of this case.

Interfaces (the verification page, the API) only call these.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from vietnam_provinces import Province, ProvinceCode, Ward

from partycell.accounts.models import EDITING_ROLES, User
from partycell.people.vietnamese import fold, has_letter, normalise_text
from partycell.rulebook.selectors import rule_value
from workflows import gate
from workflows.enums import Action, FormCode, Stage
from workflows.exceptions import EvidenceInvalid
from workflows.models import Candidacy, Document, TransitionLog
from workflows.services import _create_document, _keep_stage
from workflows.verification import (
    RELATION_ORDER,
    SINGLE_RELATIONS,
    Conclusion,
    Relation,
    VerificationRequest,
    VerificationSubject,
)

if TYPE_CHECKING:
    from django.core.files.base import File

Errors = dict[str, list[str]]

CHILD_MIN_AGE = "verification.child_min_age_months"
EARLIEST_BIRTH_YEAR = 1880


def _today() -> datetime.date:
    return timezone.localdate()


def _short(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# --- Localities: provinces and communes after the 2025 reform (the ``vietnam-provinces`` package) ----------


def _sort_key(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu "):
        name = name.removeprefix(prefix)
    return fold(name)


@functools.cache
def province_choices() -> tuple[tuple[int, str], ...]:
    """Every province and centrally-run city, as (code, name), in alphabetical order of the proper name."""
    rows = [(int(province.code), province.name) for province in Province.iter_all()]
    return tuple(sorted(rows, key=lambda row: _sort_key(row[1])))


@functools.cache
def commune_choices(province_code: int) -> tuple[tuple[int, str], ...]:
    """The communes, wards and special zones of one province, as (code, name); () for an unknown code."""
    try:
        province = Province.from_code(ProvinceCode(province_code))
    except ValueError:
        return ()
    rows = [(int(ward.code), ward.name) for ward in Ward.iter_by_province(province.code)]
    return tuple(sorted(rows, key=lambda row: _sort_key(row[1])))


def locality_errors(*, province_code: int | None, commune_code: int | None, locality_text: str) -> Errors:
    """What is wrong with a locality: a province (and commune of it) from the list, or a typed place."""
    errors: Errors = {}
    if province_code is not None and province_code not in dict(province_choices()):
        errors["province_code"] = [_("Choose a province from the list.")]
    elif commune_code is not None:
        if province_code is None:
            errors["province_code"] = [_("Choose the province of this commune.")]
        elif commune_code not in dict(commune_choices(province_code)):
            errors["commune_code"] = [_("This commune is not in the chosen province.")]
    if province_code is None and commune_code is None and not locality_text.strip():
        errors["locality_text"] = [_("Choose the province (and commune), or type the locality.")]
    return errors


def locality_label(*, province_code: int | None, commune_code: int | None, locality_text: str = "") -> str:
    """ "Phường Hoàn Kiếm, Thành phố Hà Nội" from the codes; the typed text when there are none."""
    parts = []
    if commune_code is not None and province_code is not None:
        parts.append(dict(commune_choices(province_code)).get(commune_code, ""))
    if province_code is not None:
        parts.append(dict(province_choices()).get(province_code, ""))
    named = ", ".join(part for part in parts if part)
    typed = locality_text.strip()
    if named and typed:
        return f"{typed}, {named}"
    return named or typed


# --- Reads --------------------------------------------------------------------------------------------------


def file_opened_on(candidacy: Candidacy) -> datetime.date | None:
    """The day the file was opened: the audit trail's entry into FILE_OPEN (the date of the personal
    history, 2-KNĐ), else the earliest 2-KNĐ on file (files imported without their trail); None before."""
    entered = (
        TransitionLog.objects.filter(candidacy=candidacy, to_stage=Stage.FILE_OPEN)
        .exclude(from_stage=Stage.FILE_OPEN).order_by("event_date", "id").values_list("event_date", flat=True).first()
    )  # fmt: skip
    if entered is not None:
        return entered
    return (
        candidacy.documents.filter(form_code=FormCode.PERSONAL_HISTORY)
        .order_by("issued_on", "id").values_list("issued_on", flat=True).first()
    )  # fmt: skip


def verification_subjects(candidacy: Candidacy) -> list[VerificationSubject]:
    """The people to verify, applicant first then in the order of the rule, each with its letters
    (oldest first) and their chasers and scans: two queries."""
    requests = VerificationRequest.objects.select_related("assignee", "letter_document", "reply_document")
    subjects = candidacy.verification_subjects.prefetch_related(
        Prefetch("requests", queryset=requests.order_by("sent_on", "id"))
    )
    return sorted(subjects, key=lambda subject: (RELATION_ORDER.get(subject.relation, 99), subject.pk))


def verification_requests(candidacy: Candidacy) -> QuerySet[VerificationRequest]:
    return VerificationRequest.objects.filter(subject__candidacy=candidacy).select_related(
        "subject", "assignee", "letter_document", "reply_document"
    )


@dataclasses.dataclass(frozen=True)
class VerificationSummary:
    """Where the verification of one case stands, for the page and the API."""

    subjects: int
    requests: int
    pending: int
    clear: int
    issues: int
    cost_vnd: int
    opened_on: datetime.date | None
    conclusion: Document | None  # the newest TT-LL on file: the freshness counts from its date


def verification_summary(candidacy: Candidacy, subjects: list[VerificationSubject]) -> VerificationSummary:
    """Counts over ``subjects`` (as ``verification_subjects`` loads them) and the overall conclusion."""
    requests = [request for subject in subjects for request in subject.requests.all()]
    conclusion = (
        candidacy.documents.filter(form_code=FormCode.VERIFICATION).order_by("-issued_on", "-id").first()
    )
    return VerificationSummary(
        subjects=len(subjects),
        requests=len(requests),
        pending=sum(1 for request in requests if request.conclusion == Conclusion.PENDING),
        clear=sum(1 for request in requests if request.conclusion == Conclusion.CLEAR),
        issues=sum(1 for request in requests if request.conclusion == Conclusion.ISSUE),
        cost_vnd=sum(request.cost_vnd for request in requests),
        opened_on=file_opened_on(candidacy),
        conclusion=conclusion,
    )


def assignee_choices(candidacy: Candidacy) -> list[User]:
    """The people who may chase a reply: active users with a role on the case's cell or above it whom the
    gate lets record the reply (the grassroots organisation's staff), by name."""
    path = candidacy.cell.path
    steplen = candidacy.cell.steplen
    paths = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
    users = User.objects.filter(
        is_active=True, role_assignments__unit__path__in=paths, role_assignments__role__in=EDITING_ROLES
    ).distinct().order_by("last_name", "first_name", "username")  # fmt: skip
    action = Action.VERIFICATION_REPLY_RECORD
    return [user for user in users if not gate.refusals(user=user, candidacy=candidacy, action=action, on=_today())]


# --- Checks shared by the services ---------------------------------------------------------------------------


def _date_errors(errors: Errors, field: str, day: datetime.date | None, *, required: bool = True) -> None:
    if day is None:
        if required:
            errors.setdefault(field, []).append(_("Enter the date."))
        return
    if day > _today():
        errors.setdefault(field, []).append(_("This date is in the future."))


def _scan_errors(errors: Errors, field: str, scan: Document | None) -> None:
    """The scan is validated as a document of the file (size, and the type found by parsing)."""
    if scan is None:
        return
    try:
        scan.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(field if name == "file" else "__all__", []).extend(messages)


def _scan(
    candidacy: Candidacy, *, file: File[Any] | None, issued_on: datetime.date | None, note: str
) -> Document | None:
    if not file or issued_on is None:
        return None
    return Document(candidacy=candidacy, form_code=FormCode.OTHER, issued_on=issued_on, file=file, note=note)


def _raise(errors: Errors) -> None:
    if errors:
        raise EvidenceInvalid(errors)


def _save_scan(scan: Document | None, *, candidacy: Candidacy, actor: User, action: str) -> Document | None:
    if scan is None:
        return None
    fields = {"form_code": scan.form_code, "issued_on": scan.issued_on, "file": scan.file, "note": scan.note}
    return _create_document(candidacy=candidacy, actor=actor, action=action, fields=fields)


# --- Services ------------------------------------------------------------------------------------------------


def verification_subject_add(
    *,
    actor: User,
    candidacy: Candidacy,
    relation: str,
    full_name: str = "",
    birth_year: int | None = None,
    address: str = "",
    note: str = "",
) -> VerificationSubject:
    """Add a person whose history is verified: the applicant (named after the candidate when no name is
    given) or a relative the rule names (domain.md A6).

    Side effects: a ``VerificationSubject`` row and an audit row. Raises ``ActionNotAllowed`` when the
    action is not the actor's, ``EvidenceInvalid`` for an unknown relation, a missing name, an impossible
    year of birth, a child under the age of majority, or a second applicant, father or mother.
    """
    action = Action.VERIFICATION_SUBJECT_ADD
    today = _today()
    gate.require(user=actor, candidacy=candidacy, action=action, on=today)
    full_name = normalise_text(full_name)
    if relation == Relation.APPLICANT and not full_name:
        full_name = candidacy.person.full_name
    errors: Errors = {}
    if relation not in Relation.values:
        errors["relation"] = [_("Choose the relation to the applicant.")]
    elif relation in SINGLE_RELATIONS and candidacy.verification_subjects.filter(relation=relation).exists():
        errors["relation"] = [_("%(relation)s is already on the list.") % {"relation": Relation(relation).label}]
    if not full_name:
        errors["full_name"] = [_("Enter the person's full name.")]
    elif not has_letter(full_name):
        errors["full_name"] = [_("A name must contain letters.")]
    if birth_year is not None:
        if not EARLIEST_BIRTH_YEAR <= birth_year <= today.year:
            errors["birth_year"] = [_("Enter a year of birth between %(first)s and %(last)s.")
                                    % {"first": EARLIEST_BIRTH_YEAR, "last": today.year}]  # fmt: skip
        elif relation == Relation.CHILD:
            min_months = int(rule_value(CHILD_MIN_AGE, on=today))
            if (today.year - birth_year) * 12 < min_months:
                errors["birth_year"] = [_("Only adult children (%(years)s or over) are verified.")
                                        % {"years": min_months // 12}]  # fmt: skip
    _raise(errors)
    subject = VerificationSubject(
        candidacy=candidacy, relation=relation, full_name=full_name, birth_year=birth_year, address=address.strip(),
        note=note, created_by=actor,
    )  # fmt: skip

    def change() -> tuple[VerificationSubject, dict[str, Any]]:
        subject.save()
        return subject, {}

    # Ids and evidence values only: the relative's name and year stay on the subject row, which
    # anonymising can rewrite; the append-only audit row never holds a copy (docs/security.md).
    evidence = {"subject": None, "relation": relation}
    result: VerificationSubject = _keep_stage(
        actor=actor, candidacy=candidacy, action=action.value, on=today, change=_with_id(change, evidence, "subject"),
        note=note, evidence=evidence,
    )  # fmt: skip
    return result


def verification_request_send(
    *,
    actor: User,
    subject: VerificationSubject,
    organisation: str,
    sent_on: datetime.date | None,
    province_code: int | None = None,
    commune_code: int | None = None,
    locality_text: str = "",
    reference: str = "",
    assignee: User | None = None,
    cost_vnd: int = 0,
    file: File[Any] | None = None,
    note: str = "",
) -> VerificationRequest:
    """Record a verification letter sent about ``subject`` to ``organisation`` in a locality.

    Side effects: a ``VerificationRequest`` row (pending), the letter's scan as a ``Document`` when one
    is attached, and an audit row. Raises ``EvidenceInvalid`` for a letter dated in the future or before
    the file was opened (or while it is not opened), a missing organisation or locality, a commune not
    in its province, a negative cost, a chaser who may not record the reply, or a bad scan.
    """
    candidacy = subject.candidacy
    action = Action.VERIFICATION_REQUEST_SEND
    today = _today()
    gate.require(user=actor, candidacy=candidacy, action=action, on=today)
    errors: Errors = {}
    organisation = " ".join(organisation.split())
    if not organisation:
        errors["organisation"] = [_("Enter the organisation the letter is sent to.")]
    errors.update(locality_errors(province_code=province_code, commune_code=commune_code, locality_text=locality_text))
    _date_errors(errors, "sent_on", sent_on)
    opened = file_opened_on(candidacy)
    if opened is None:
        errors.setdefault("sent_on", []).append(
            _("The file is not opened yet: record the application and the personal history (2-KNĐ) first.")
        )
    elif sent_on is not None and sent_on < opened:
        errors.setdefault("sent_on", []).append(
            _("The letter cannot be sent before the file was opened on %(date)s.") % {"date": _short(opened)}
        )
    if cost_vnd is None or cost_vnd < 0:
        errors["cost_vnd"] = [_("The cost cannot be negative.")]
    if assignee is not None and (
        not assignee.is_active
        or gate.refusals(user=assignee, candidacy=candidacy, action=Action.VERIFICATION_REPLY_RECORD, on=today)
    ):
        errors["assignee"] = [_("%(name)s cannot record replies for this file; choose someone of the grassroots "
                                "organisation's staff.") % {"name": assignee}]  # fmt: skip
    scan = _scan(candidacy, file=file, issued_on=sent_on, note=_("Verification letter to %(organisation)s")
                 % {"organisation": organisation})  # fmt: skip
    _scan_errors(errors, "file", scan)
    _raise(errors)
    assert sent_on is not None  # _date_errors refused a missing date
    locality = locality_label(province_code=province_code, commune_code=commune_code, locality_text=locality_text)
    request = VerificationRequest(
        subject=subject, organisation=organisation, province_code=province_code, commune_code=commune_code,
        locality=locality, reference=reference.strip(), sent_on=sent_on, assignee=assignee, cost_vnd=cost_vnd,
        created_by=actor,
    )  # fmt: skip

    def change() -> tuple[VerificationRequest, dict[str, Any]]:
        request.letter_document = _save_scan(scan, candidacy=candidacy, actor=actor, action=action.value)
        request.save()
        return request, {}

    evidence = {
        "request": None, "subject": subject.pk, "organisation": organisation, "locality": locality,
        "sent_on": sent_on.isoformat(), "assignee": assignee.pk if assignee else None, "cost_vnd": cost_vnd,
        "reference": request.reference,
    }  # fmt: skip
    result: VerificationRequest = _keep_stage(
        actor=actor, candidacy=candidacy, action=action.value, on=sent_on,
        change=_with_id(change, evidence, "request"), note=note, evidence=evidence,
    )  # fmt: skip
    return result


def verification_reply_record(
    *,
    actor: User,
    request: VerificationRequest,
    replied_on: datetime.date | None,
    conclusion: str,
    note: str = "",
    file: File[Any] | None = None,
) -> VerificationRequest:
    """Record the reply to a verification letter: when it came back and what it concludes.

    Side effects: the request's reply date, conclusion and note; the reply's scan as a ``Document`` when
    one is attached; an audit row. Raises ``EvidenceInvalid`` for a reply already recorded, a date in the
    future or before the letter was sent, a conclusion other than clear or issue, an issue without a
    note, or a bad scan.
    """
    subject = request.subject
    candidacy = subject.candidacy
    action = Action.VERIFICATION_REPLY_RECORD
    gate.require(user=actor, candidacy=candidacy, action=action, on=_today())
    errors: Errors = {}
    if request.is_answered:
        errors["__all__"] = [_("The reply to this letter is already recorded.")]
    _date_errors(errors, "replied_on", replied_on)
    if replied_on is not None and replied_on < request.sent_on:
        errors.setdefault("replied_on", []).append(
            _("The reply cannot come before the letter, sent on %(date)s.") % {"date": _short(request.sent_on)}
        )
    if conclusion not in (Conclusion.CLEAR, Conclusion.ISSUE):
        errors["conclusion"] = [_("Choose the conclusion of the reply: clear, or an issue.")]
    elif conclusion == Conclusion.ISSUE and not note.strip():
        errors["note"] = [_("Describe the issue the reply raises.")]
    scan = _scan(candidacy, file=file, issued_on=replied_on, note=_("Reply from %(organisation)s")
                 % {"organisation": request.organisation})  # fmt: skip
    _scan_errors(errors, "file", scan)
    _raise(errors)
    assert replied_on is not None  # _date_errors refused a missing date

    def change() -> tuple[VerificationRequest, dict[str, Any]]:
        request.replied_on = replied_on
        request.conclusion = conclusion
        request.conclusion_note = note.strip()
        request.reply_document = _save_scan(scan, candidacy=candidacy, actor=actor, action=action.value)
        request.save(update_fields=["replied_on", "conclusion", "conclusion_note", "reply_document"])
        return request, {}

    evidence = {"request": request.pk, "subject": subject.pk, "replied_on": replied_on.isoformat(),
                "conclusion": conclusion}  # fmt: skip
    result: VerificationRequest = _keep_stage(
        actor=actor, candidacy=candidacy, action=action.value, on=replied_on, change=change, note=note,
        evidence=evidence,
    )  # fmt: skip
    return result


def _with_id(change: Any, evidence: dict[str, Any], key: str) -> Any:
    """``change``, which also writes the new row's id into the audit row's ``evidence[key]``: the row
    gets its id inside the transaction, before the audit row is written."""

    def wrapped() -> tuple[Any, dict[str, Any]]:
        row, rules_used = change()
        evidence[key] = row.pk
        return row, rules_used

    return wrapped


__all__ = [
    "assignee_choices",
    "commune_choices",
    "file_opened_on",
    "locality_label",
    "province_choices",
    "verification_reply_record",
    "verification_request_send",
    "verification_subject_add",
    "verification_subjects",
    "verification_summary",
]

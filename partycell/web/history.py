"""A case's history as people read it: one sentence per entry, every evidence value labelled and shown
in the user's language (dates dd/mm/yyyy, choices by their label, people and units by name, a vote as
its count), never a raw key, dict or enum value."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from partycell.organisations.history import names_on
from partycell.organisations.models import Unit
from partycell.people.models import Person
from partycell.web.actions import action_label
from workflows.actions import UnknownAction, spec
from workflows.enums import (
    Action,
    EducationException,
    FormCode,
    MentorKind,
    OrganisationIntroduction,
    Stage,
    TogetherBy,
    VoteMethod,
)
from workflows.models import Candidacy, Document, Mentorship, TransitionLog
from workflows.verification import Conclusion, Relation, VerificationSubject

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Keys the services write besides the evidence form's own fields.
_LABELS: dict[str, Any] = {
    "is_readmission": gettext_lazy("Readmission"),
    "record_cleared_on": gettext_lazy("Criminal record cleared on"),
    "vote": gettext_lazy("Vote"),
    "documents": gettext_lazy("Documents filed"),
    "mentor": gettext_lazy("Party member"),
    "mentorship": gettext_lazy("Assignment"),
    "kind": gettext_lazy("Role"),
    "months_together": gettext_lazy("Months worked, studied or lived together"),
    "organisation_introduction": gettext_lazy("Introduced together with"),
    "is_replacement": gettext_lazy("Replaces an introducer who cannot follow up"),
    "replaces": gettext_lazy("Replaces the introducer"),
    "together_by": gettext_lazy("Known the applicant by"),
    "form_code": gettext_lazy("Form"),
    "number": gettext_lazy("Number"),
    "previous_due_on": gettext_lazy("Previous deadline"),
    "from_cell": gettext_lazy("From the cell"),
    "to_cell": gettext_lazy("To the cell"),
    "education_exception": gettext_lazy("Education exception"),
    "eligible_on_roll": gettext_lazy("Entitled members on the roll"),
    "source_date": gettext_lazy("Proposed on"),
    "youth_union": gettext_lazy("Youth Union member"),
    # Background verification (workflows.verification_services).
    "relation": gettext_lazy("Relation to the applicant"),
    "subject": gettext_lazy("Person verified"),
    "full_name": gettext_lazy("Full name"),
    "birth_year": gettext_lazy("Year of birth"),
    "organisation": gettext_lazy("Sent to"),
    "locality": gettext_lazy("Locality"),
    "reference": gettext_lazy("Letter number"),
    "sent_on": gettext_lazy("Sent on"),
    "cost_vnd": gettext_lazy("Cost advanced (VND)"),
    "replied_on": gettext_lazy("Reply received on"),
    "conclusion": gettext_lazy("Conclusion"),
    # Amendments of a recorded step (workflows.amendment_services).
    "reversed_step": gettext_lazy("Step reversed"),
    "documents_withdrawn": gettext_lazy("Documents withdrawn"),
    "vote_withdrawn": gettext_lazy("Vote withdrawn"),
}
# Keys shown elsewhere on the entry (the note) or meaningless to a reader.
_HIDDEN = {"note", "expected_stage", "changes", "reversed_step"}


def _choice(enum: Any) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        return str(enum(value).label) if value in enum.values else str(value)

    return label


def _form(code: Any) -> str:
    return str(FormCode(code).label) if code in FormCode.values else str(code)


@dataclass
class _Names:
    """Names of the people, units, documents and assignments an entry refers to, loaded once per page."""

    people: dict[int, str]
    units: dict[int, str]
    documents: dict[int, str]
    mentorships: dict[int, str]
    subjects: dict[int, str]

    @classmethod
    def for_logs(cls, logs: list[TransitionLog]) -> _Names:
        wanted: dict[str, set[int]] = {
            "mentor": set(), "cell": set(), "documents": set(), "mentorship": set(), "subject": set()
        }  # fmt: skip
        for log in logs:
            evidence = log.evidence or {}
            for key in ("mentor", "mentorship", "subject"):
                if isinstance(evidence.get(key), int):
                    wanted[key].add(evidence[key])
            if isinstance(evidence.get("replaces"), int):
                wanted["mentorship"].add(evidence["replaces"])
            for key in ("from_cell", "to_cell"):
                if isinstance(evidence.get(key), int):
                    wanted["cell"].add(evidence[key])
            wanted["documents"].update(i for i in evidence.get("documents") or [] if isinstance(i, int))
        # Each kind of name is asked for only when an entry refers to one (most pages need few of them).
        documents = {
            d.pk: f"{d.form_label} {d.number}".strip() for d in Document.objects.filter(pk__in=wanted["documents"])
        } if wanted["documents"] else {}  # fmt: skip
        mentorships = {
            m.pk: f"{m.mentor.full_name} ({m.get_kind_display()})"
            for m in Mentorship.objects.filter(pk__in=wanted["mentorship"]).select_related("mentor")
        } if wanted["mentorship"] else {}  # fmt: skip
        return cls(
            people=_names(Person.objects.all(), wanted["mentor"], "full_name"),
            units=_names(Unit.objects.all(), wanted["cell"], "name"),
            documents=documents,
            mentorships=mentorships,
            # The audit row names a relative to verify by id; the name is read from the subject's row.
            subjects=_names(VerificationSubject.objects.all(), wanted["subject"], "full_name"),
        )


def _names(rows: QuerySet[Any], ids: set[int], name: str) -> dict[int, str]:
    """``{pk: name}`` of the rows with ``ids``; no query when there are none."""
    return dict(rows.filter(pk__in=ids).values_list("pk", name)) if ids else {}


def _vote(value: dict[str, Any]) -> str:
    passed = gettext("passed") if value.get("passed") else gettext("not passed")
    return gettext("attempt %(attempt)s, %(passed)s (at least %(ratio)s of the members entitled to vote)") % {
        "attempt": value.get("attempt", "?"), "passed": passed, "ratio": value.get("ratio", "?")}  # fmt: skip


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{_plain(v)}" for v in value.values())
    return str(value)


def _withdrawn_documents(value: Any) -> str:
    rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
    return "; ".join(
        f"{_form(row.get('form_code'))} {row.get('number') or ''}".strip() + f" ({_plain(row.get('issued_on'))})"
        for row in rows
    )


def _counts(value: Any) -> str:
    if not isinstance(value, dict):
        return _plain(value)
    return gettext("%(date)s: %(in_favour)s in favour, %(against)s against, of %(eligible)s entitled to vote") % {
        "date": _plain(value.get("meeting_date")), "in_favour": value.get("in_favour"),
        "against": value.get("against"), "eligible": value.get("eligible")}  # fmt: skip


def _renderers(names: _Names) -> dict[str, Callable[[Any], str]]:
    return {
        "reversed_step": action_label,
        "documents_withdrawn": _withdrawn_documents,
        "vote_withdrawn": _counts,
        "vote": lambda value: _vote(value) if isinstance(value, dict) else _plain(value),
        "documents": lambda value: ", ".join(names.documents.get(i, "") for i in value) if value else "",
        "mentor": lambda value: names.people.get(value, ""),
        "mentorship": lambda value: names.mentorships.get(value, ""),
        "subject": lambda value: names.subjects.get(value, ""),
        "replaces": lambda value: names.mentorships.get(value, "") if value else "",
        "together_by": _choice(TogetherBy),
        "from_cell": lambda value: names.units.get(value, ""),
        "to_cell": lambda value: names.units.get(value, ""),
        "kind": _choice(MentorKind),
        "method": _choice(VoteMethod),
        "organisation_introduction": _choice(OrganisationIntroduction),
        "education_exception": _choice(EducationException),
        "form_code": _form,
        "relation": _choice(Relation),
        "conclusion": _choice(Conclusion),
    }


def _form_labels(action: str) -> dict[str, str]:
    try:
        form_class = spec(action).evidence_form
    except UnknownAction:
        return {}
    if form_class is None:
        return {}
    return {name: str(field.label or "") for name, field in form_class.base_fields.items()}


@dataclass(frozen=True)
class HistoryEntry:
    log: TransitionLog
    label: str
    moved: bool  # the entry moved the stage
    stage_label: str
    evidence: list[tuple[str, str]]  # (label, value), both for people
    deciding: str = ""  # the deciding unit's name as it was on the event date
    # The corrections and the reversal that amend this entry (newer entries pointing to it), oldest first.
    amended_by: list[TransitionLog] = field(default_factory=list)
    # Whether the user may correct or reverse it (set by the page, which asks the gate).
    may_correct: bool = False
    may_reverse: bool = False

    @property
    def reversed(self) -> bool:
        return any(amendment.action == Action.STEP_REVERSE for amendment in self.amended_by)

    @property
    def corrected(self) -> bool:
        return any(amendment.action == Action.STEP_CORRECT for amendment in self.amended_by)


def _shown(key: str, value: Any, renderers: dict[str, Callable[[Any], str]]) -> str:
    if value in (None, "", [], {}):
        return "—"
    return renderers.get(key, _plain)(value) or "—"


def _amendment_rows(log: TransitionLog, renderers: dict[str, Callable[[Any], str]]) -> list[tuple[str, str]]:
    """What a correction changed (each value before → after) and which entry it amends, labelled."""
    target = log.corrects
    if target is None:
        return []
    when = date_format(target.event_date, "SHORT_DATE_FORMAT")
    label = gettext("Step reversed") if log.action == Action.STEP_REVERSE else gettext("Corrects the entry")
    rows = [(label, f"{action_label(target.action)} ({when})")]
    labels = _form_labels(target.action)
    for key, change in ((log.evidence or {}).get("changes") or {}).items():
        if not isinstance(change, dict):
            continue
        label = labels.get(key) or _LABELS.get(key) or gettext("Value")
        before, after = _shown(key, change.get("from"), renderers), _shown(key, change.get("to"), renderers)
        rows.append((str(label), f"{before} → {after}"))
    return rows


def _as_prefetched(log: TransitionLog, name: str, rows: list[TransitionLog]) -> None:
    """Store ``rows`` as ``log.<name>.all()``, as ``prefetch_related(name)`` would have (the gate reads
    ``amendments`` so: ``workflows.amendments.is_reversed``). An amendment is recorded on the case of the
    entry it amends, so the page's own rows are all of them: no query."""
    found = TransitionLog.objects.all()
    found._result_cache = rows
    found._prefetch_done = True  # type: ignore[attr-defined]
    log._prefetched_objects_cache = {**getattr(log, "_prefetched_objects_cache", {}), name: found}  # type: ignore[attr-defined]


def history_of(candidacy: Candidacy) -> list[HistoryEntry]:
    """Every audit row of ``candidacy``, oldest first, readable: labelled values only, names not ids."""
    rows = candidacy.transitions.select_related("actor", "deciding_unit")
    logs = list(rows.order_by("occurred_at", "id"))
    for log in logs:
        log.candidacy = candidacy  # the page's instance: its review path is memoised for the gate
    renderers = _renderers(_Names.for_logs(logs))
    # The deciding unit as it was called on the decision's date (one query for their renames).
    deciding = names_on((log.deciding_unit, log.event_date) for log in logs if log.deciding_unit is not None)
    by_id = {log.pk: log for log in logs}
    amended_by: dict[int, list[TransitionLog]] = {}
    for log in logs:
        if log.corrects_id is not None:
            log.corrects = by_id.get(log.corrects_id)  # the same page's row: no query per entry
            amended_by.setdefault(log.corrects_id, []).append(log)
    for log in logs:
        _as_prefetched(log, "amendments", amended_by.get(log.pk, []))
    entries = []
    for log in logs:
        labels = _form_labels(log.action)
        evidence = _amendment_rows(log, renderers)
        for key, value in (log.evidence or {}).items():
            label = labels.get(key) or _LABELS.get(key)
            if key in _HIDDEN or label is None or value in (None, "", [], {}):
                continue
            shown = renderers.get(key, _plain)(value)
            if shown:
                evidence.append((str(label), shown))
        moved = bool(log.from_stage) and log.from_stage != log.to_stage
        stage = str(Stage(log.to_stage).label) if log.to_stage in Stage.values else log.to_stage
        decided_by = deciding.get((log.deciding_unit_id, log.event_date), "") if log.deciding_unit_id else ""
        entries.append(HistoryEntry(log=log, label=action_label(log.action), moved=moved, stage_label=stage,
                                    evidence=evidence, deciding=decided_by,
                                    amended_by=amended_by.get(log.pk, [])))  # fmt: skip
    return entries

"""The data a form is filled with, read from the case: one function, ``form_data``.

Everything a template may name is here, formatted the way an official document writes it: dates as
dd/mm/yyyy, the place-and-date line as "Phan Đình Phùng, ngày 03 tháng 3 năm 2026" (36-HD/VPTW: a day
below 10 and the months January and February take a leading zero), people's names as stored — family
name first, the Vietnamese order — and anything not yet known as a dotted blank to fill in by hand.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation

from partycell.accounts.models import Role, User
from partycell.organisations.authority import DecidingBody, NoCompetentCommittee, ReviewPath
from partycell.organisations.models import Unit
from partycell.paperwork.specs import DECISIONS, FormSpec, Issuer, spec_for
from partycell.people.choices import ETHNIC_GROUPS
from workflows.enums import FormCode, MentorKind, Phase
from workflows.models import Candidacy, Document, Vote

BLANK = "…………"
SECRETARY = "secretary"
DEPUTY = "deputy"
SIGNER_TITLES = {SECRETARY: "BÍ THƯ", DEPUTY: "PHÓ BÍ THƯ"}

# Prefixes a unit's name starts with before the locality it is named after (upper case compared).
_BODY_PREFIXES = ("ĐẢNG ỦY", "ĐẢNG BỘ", "TỈNH ỦY", "THÀNH ỦY", "CHI BỘ")
_PLACE_PREFIXES = ("XÃ", "PHƯỜNG", "ĐẶC KHU", "THỊ TRẤN", "TỈNH", "THÀNH PHỐ")


def short_date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else BLANK


def place_date_line(place: str, day: datetime.date) -> str:
    """``"Phan Đình Phùng, ngày 03 tháng 3 năm 2026"``: days below 10 and months 1-2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _strip_prefix(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.upper().startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


def place_name(unit: Unit) -> str:
    """The locality a document is dated at: the commune, ward or province the unit lies in, by the name
    of its nearest upper-grassroots (or provincial) committee: "Đảng ủy phường Phan Đình Phùng" →
    "Phan Đình Phùng". Without one, the unit's own name."""
    chain = [unit, *reversed(list(Unit.objects.get_ancestors(unit).select_related("kind")))]
    named = next((u for u in chain if u.kind.is_upper_grassroots or u.kind.is_provincial), unit)
    name = unicodedata.normalize("NFC", named.name).strip()
    return _strip_prefix(_strip_prefix(name, _BODY_PREFIXES), _PLACE_PREFIXES)


def upper(name: str) -> str:
    return unicodedata.normalize("NFC", name).upper()


@dataclass(frozen=True)
class Options:
    """What the user chooses when generating: who signs for the body."""

    signer: str = SECRETARY


def _review_path(candidacy: Candidacy, on: datetime.date) -> ReviewPath | None:
    try:
        return candidacy.review_path(on=on)
    except NoCompetentCommittee:
        return None


def _latest_document(candidacy: Candidacy, code: str) -> Document | None:
    return candidacy.documents.filter(form_code=code).order_by("-issued_on", "-id").first()


def _latest_vote(candidacy: Candidacy, phase: str, body: str) -> Vote | None:
    votes = candidacy.votes.filter(phase=phase, body=body)
    return votes.filter(passed=True).order_by("-meeting_date", "-id").first() or votes.order_by(
        "-meeting_date", "-id"
    ).first()


def _percent(part: int, whole: int) -> str:
    if not whole:
        return BLANK
    value = round(100 * part / whole, 1)
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",") + "%"


def _vote_data(vote: Vote | None) -> dict[str, Any]:
    if vote is None:
        return dict.fromkeys(("date", "eligible", "present", "absent", "in_favour", "against", "percent",
                              "method"), BLANK)  # fmt: skip
    return {
        "date": short_date(vote.meeting_date),
        "eligible": vote.eligible,
        "present": vote.present,
        "absent": vote.eligible - vote.present,
        "in_favour": vote.in_favour,
        "against": vote.against,
        "percent": _percent(vote.in_favour, vote.eligible),
        "method": vote.get_method_display().lower(),
    }


def _document_ref(document: Document | None) -> dict[str, str]:
    return {"number": (document.number if document and document.number else BLANK),
            "date": short_date(document.issued_on if document else None)}  # fmt: skip


def _mentor_names(candidacy: Candidacy, kind: str) -> list[str]:
    rows = candidacy.mentorships.filter(kind=kind).select_related("mentor").order_by("assigned_on", "id")
    return [row.mentor.full_name for row in rows if row.ended_on is None] or [
        row.mentor.full_name for row in rows
    ]


def _competent_name(path: ReviewPath) -> str:
    unit = path.competent_committee.name
    if path.deciding_body == DecidingBody.STANDING_COMMITTEE:
        return f"Ban Thường vụ {unit}"
    if path.deciding_body == DecidingBody.STANDING_BODY:
        return f"Thường trực {unit}"
    return unit


def _competent_signing(path: ReviewPath | None) -> str:
    if path is not None and path.deciding_body == DecidingBody.COLLECTIVE_COMMITTEE:
        return "T/M ĐẢNG ỦY"
    if path is not None and path.deciding_body == DecidingBody.STANDING_BODY:
        return "T/M THƯỜNG TRỰC"
    return "T/M BAN THƯỜNG VỤ"


def _next_body(spec: FormSpec, path: ReviewPath | None) -> str:
    """Whom a cell's or committee's proposal goes to next on this case's review path."""
    if path is None:
        return BLANK
    if spec.issuer == Issuer.CELL and path.partial_committee is not None:
        return path.partial_committee.name
    if spec.issuer in (Issuer.CELL, Issuer.PARTIAL) and path.grassroots_committee and not path.grassroots_decides:
        return path.grassroots_committee.name
    return _competent_name(path)


def _issuing_unit(spec: FormSpec, candidacy: Candidacy, path: ReviewPath | None) -> Unit:
    if path is not None:
        if spec.issuer == Issuer.PARTIAL and path.partial_committee is not None:
            return path.partial_committee
        if spec.issuer == Issuer.GRASSROOTS and path.grassroots_committee is not None:
            return path.grassroots_committee
        if spec.issuer == Issuer.COMPETENT:
            return path.competent_committee
    return candidacy.cell


def _cell_secretary(cell: Unit) -> str:
    user = (
        User.objects.filter(role_assignments__unit=cell, role_assignments__role=Role.CELL_SECRETARY, is_active=True)
        .order_by("role_assignments__created_at", "id").first()
    )  # fmt: skip
    return user.get_full_name() if user else ""


def form_date(candidacy: Candidacy, spec: FormSpec, *, today: datetime.date) -> datetime.date:
    """The form's date: the document's on file, else the vote's or the decision's, else today. It
    chooses the template in force and is printed in the place-and-date line."""
    document = _latest_document(candidacy, spec.code)
    if document is not None:
        return document.issued_on
    if spec.vote is not None and (vote := _latest_vote(candidacy, *spec.vote)) is not None:
        return vote.meeting_date
    if spec.code == FormCode.ADMISSION_DECISION and candidacy.admission_decision_date:
        return candidacy.admission_decision_date
    if spec.code == FormCode.RECOGNITION_DECISION and candidacy.recognition_decision_date:
        return candidacy.recognition_decision_date
    return today


def _candidate(candidacy: Candidacy) -> dict[str, Any]:
    person = candidacy.person
    return {
        "full_name": person.full_name,
        "date_of_birth": short_date(person.date_of_birth),
        "sex": person.get_sex_display(),
        "ethnic_group": dict(ETHNIC_GROUPS).get(person.ethnic_group, BLANK),
        "religion": person.get_religion_display(),
        "residence": person.residence or BLANK,
        "workplace": person.workplace or BLANK,
        "occupation": person.get_occupation_display(),
        "education": person.get_education_level_display(),
        "qualification": person.get_qualification_display(),
        "youth_union": BLANK if person.is_youth_union_member else "—",
    }


def _number(spec: FormSpec, document: Document | None, candidacy: Candidacy) -> str:
    if spec.code == FormCode.ADMISSION_DECISION and candidacy.admission_decision_number:
        return candidacy.admission_decision_number
    if document is not None and document.number:
        return document.number
    return f"{BLANK}-{spec.symbol}"


def _signer(spec: FormSpec, candidacy: Candidacy, document: Document | None, options: Options) -> tuple[str, str]:
    """(title, name) of who signs."""
    if spec.issuer == Issuer.PERSON:
        names = {
            FormCode.INTRODUCTION: _mentor_names(candidacy, MentorKind.INTRODUCER)[:1],
            FormCode.HELPER_ASSESSMENT: _mentor_names(candidacy, MentorKind.PROBATION_HELPER)[:1],
        }.get(spec.code, [candidacy.person.full_name])  # type: ignore[call-overload]
        return spec.signer_title, (names[0] if names else BLANK)
    name = document.signer if document and document.signer else ""
    if not name and spec.issuer == Issuer.CELL:
        name = _cell_secretary(candidacy.cell)
    return SIGNER_TITLES.get(options.signer, SIGNER_TITLES[SECRETARY]), name or BLANK


def form_data(
    candidacy: Candidacy, code: str, *, options: Options | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, dict[str, Any]]:
    """(the form's date, the template's variables) for form ``code`` of ``candidacy``."""
    options = options or Options()
    spec = spec_for(code)
    today = today or timezone.localdate()
    dated = form_date(candidacy, spec, today=today)
    path = _review_path(candidacy, dated)
    document = _latest_document(candidacy, code)
    issuer = _issuing_unit(spec, candidacy, path)
    superior = Unit.objects.get_parent(issuer)
    with translation.override("vi"):
        signer_title, signer_name = _signer(spec, candidacy, document, options)
        cell_resolution_code = (
            FormCode.CELL_RECOGNITION_RESOLUTION if candidacy.phase == Phase.RECOGNITION
            or code in {FormCode.PARTIAL_RECOGNITION_REPORT, FormCode.GRASSROOTS_RECOGNITION_RESOLUTION,
                        FormCode.RECOGNITION_DECISION}
            else FormCode.CELL_RESOLUTION
        )  # fmt: skip
        proposal_code = _proposal_code(code, path)
        data: dict[str, Any] = {
            "form": code,
            "superior": upper(superior.name) if superior else "",
            "issuer": upper(issuer.name),
            "number": _number(spec, document, candidacy),
            "place_date": place_date_line(place_name(issuer), dated),
            "date": short_date(dated),
            "c": _candidate(candidacy),
            "cell": candidacy.cell.name,
            "partial": path.partial_committee.name if path and path.partial_committee else BLANK,
            "grassroots": path.grassroots_committee.name if path and path.grassroots_committee else BLANK,
            "deciding_body": upper(_competent_name(path)) if path else BLANK,
            "next_body": _next_body(spec, path),
            "proposer": _proposer(proposal_code, candidacy, path),
            "proposal": _document_ref(_latest_document(candidacy, proposal_code)),
            "vote": _vote_data(_latest_vote(candidacy, *spec.vote) if spec.vote else None),
            "cell_resolution": _document_ref(_latest_document(candidacy, cell_resolution_code)),
            "admission": {
                "number": candidacy.admission_decision_number or BLANK,
                "date": short_date(candidacy.admission_decision_date),
                "by": _competent_name(path) if path else BLANK,
            },
            "decision": _document_ref(document) if code in DECISIONS else {"number": BLANK, "date": BLANK},
            "ceremony_date": short_date(candidacy.ceremony_date),
            "probation_ends_on": short_date(candidacy.probation_ends_on),
            "introducers": ", ".join(_mentor_names(candidacy, MentorKind.INTRODUCER)) or BLANK,
            "introducer": (_mentor_names(candidacy, MentorKind.INTRODUCER) or [BLANK])[0],
            "months_together": _months_together(candidacy),
            "helper": (_mentor_names(candidacy, MentorKind.PROBATION_HELPER) or [BLANK])[0],
            "signing_body": _competent_signing(path) if spec.issuer == Issuer.COMPETENT else spec.signing_body,
            "signer_title": signer_title,
            "signer_name": signer_name,
        }
    if code == FormCode.ADMISSION_DECISION:
        data["decision"] = {"number": data["number"], "date": short_date(candidacy.admission_decision_date or dated)}
    return dated, data


def _proposal_code(code: str, path: ReviewPath | None) -> str:
    """The resolution a decision answers: the grassroots committee's when it reviewed, else the cell's."""
    recognition = code == FormCode.RECOGNITION_DECISION
    if path is not None and path.grassroots_committee is not None and not path.grassroots_decides:
        return FormCode.GRASSROOTS_RECOGNITION_RESOLUTION if recognition else FormCode.GRASSROOTS_RESOLUTION
    return FormCode.CELL_RECOGNITION_RESOLUTION if recognition else FormCode.CELL_RESOLUTION


def _proposer(proposal_code: str, candidacy: Candidacy, path: ReviewPath | None) -> str:
    if proposal_code in {FormCode.GRASSROOTS_RESOLUTION, FormCode.GRASSROOTS_RECOGNITION_RESOLUTION} and path:
        return path.grassroots_committee.name if path.grassroots_committee else BLANK
    return candidacy.cell.name


def _months_together(candidacy: Candidacy) -> str:
    row = (
        candidacy.mentorships.filter(kind=MentorKind.INTRODUCER, months_together__isnull=False)
        .order_by("assigned_on", "id").first()
    )  # fmt: skip
    return str(row.months_together) if row else BLANK



_SAMPLE_GROUPS = {
    "c": ("full_name", "date_of_birth", "sex", "ethnic_group", "religion", "residence", "workplace", "occupation",
          "education", "qualification", "youth_union"),
    "vote": ("date", "eligible", "present", "absent", "in_favour", "against", "percent", "method"),
    "proposal": ("number", "date"),
    "cell_resolution": ("number", "date"),
    "admission": ("number", "date", "by"),
    "decision": ("number", "date"),
}  # fmt: skip
_SAMPLE_NAMES = (
    "form", "superior", "issuer", "number", "place_date", "date", "cell", "partial", "grassroots", "deciding_body",
    "next_body", "proposer", "ceremony_date", "probation_ends_on", "introducers", "introducer", "months_together",
    "helper", "signing_body", "signer_title", "signer_name",
)  # fmt: skip


def sample_data() -> dict[str, Any]:
    """Every variable a template may name, each with a placeholder: an uploaded template must render
    with exactly these (a misspelt variable is refused rather than printed empty)."""
    data: dict[str, Any] = dict.fromkeys(_SAMPLE_NAMES, BLANK)
    data.update({group: dict.fromkeys(keys, BLANK) for group, keys in _SAMPLE_GROUPS.items()})
    return data

"""The dossier: one ZIP per case (or per list of cases, for a decision meeting), for the deciding
committee, inspections and the archive.

Each case's folder ``HS-<id>/`` holds:

- ``00-muc-luc.html``: the index: the documents the procedure requires on this case's path, each with
  its status (on file with number and date, out of date, missing, or filed with a later step), and the
  list of the files in the folder;
- ``01-bieu-mau/``: the forms filled from the case (``form_generate``: stored, so the same as downloaded);
- ``02-ban-quet/``: the uploaded scans, in the order of the procedure (the catalogue's position of
  their form, then their date);
- ``03-lich-su.html``: the audit trail, readable (``partycell.web.history``).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from partycell.accounts.models import User
from partycell.paperwork.layout import file_name
from partycell.paperwork.selectors import forms_offered
from partycell.paperwork.services import form_generate
from partycell.web.history import history_of
from partycell.web.selectors import document_checklist
from workflows import actions
from workflows.catalogue import ChecklistItem, DocumentKind, checklist_for
from workflows.models import Candidacy, Document
from workflows.rules import RuleReader
from workflows.scans import scan_download_name

MAX_CASES = 100


def case_folder(candidacy: Candidacy) -> str:
    return f"HS-{candidacy.pk}"


def full_checklist(candidacy: Candidacy, *, today: datetime.date) -> list[ChecklistItem]:
    """Every document the procedure requires on this case's path (all its forward steps), with the
    newest copy on file: the dossier's index, for an open case as for a closed one."""
    steps = [spec.name for spec in actions.transition_specs() if spec.is_forward and spec.applies(candidacy, today)]
    return checklist_for(candidacy, steps, RuleReader(today))


def scans_in_procedure_order(candidacy: Candidacy) -> list[Document]:
    positions = dict(DocumentKind.objects.values_list("code", "position"))
    documents = [document for document in candidacy.documents.all() if document.file]
    return sorted(documents, key=lambda d: (positions.get(d.form_code, 10_000), d.issued_on, d.pk))


@dataclass(frozen=True)
class Entry:
    path: str  # inside the case's folder
    label: str


def _read_scan(document: Document) -> bytes | None:
    try:
        with document.file.open("rb") as stored:
            return stored.read()
    except (FileNotFoundError, OSError):
        return None


def _write_case(archive: zipfile.ZipFile, candidacy: Candidacy, *, actor: User, today: datetime.date) -> None:
    folder = case_folder(candidacy)
    entries: list[Entry] = []
    checklist = full_checklist(candidacy, today=today)
    next_codes = {item.code for item in document_checklist(candidacy, today=today)}
    for position, offered in enumerate(forms_offered(candidacy, next_codes=next_codes), 1):
        generated = form_generate(candidacy=candidacy, code=offered.code, actor=actor)
        path = f"01-bieu-mau/{position:02d}-{file_name(offered.code)}"
        archive.writestr(f"{folder}/{path}", bytes(generated.content))
        entries.append(Entry(path, offered.label))
    missing_scans = []
    for position, document in enumerate(scans_in_procedure_order(candidacy), 1):
        content = _read_scan(document)
        if content is None:
            missing_scans.append(document)
            continue
        name = scan_download_name(form_code=document.form_code, issued_on=document.issued_on,
                                  document_id=document.pk, content_type=document.content_type)  # fmt: skip
        path = f"02-ban-quet/{position:02d}-{name}"
        archive.writestr(f"{folder}/{path}", content)
        entries.append(Entry(path, f"{document.form_label} {document.number}".strip()))
    history = render_to_string("paperwork/dossier_history.html", {"candidacy": candidacy,
                                                                   "timeline": history_of(candidacy)})  # fmt: skip
    archive.writestr(f"{folder}/03-lich-su.html", history)
    index = render_to_string("paperwork/dossier_index.html", {
        "candidacy": candidacy, "checklist": checklist, "entries": entries, "missing_scans": missing_scans,
        "today": today, "documents": candidacy.documents.order_by("issued_on", "id"),
    })  # fmt: skip
    archive.writestr(f"{folder}/00-muc-luc.html", index)


def dossier_zip(candidacies: Iterable[Candidacy], *, actor: User, today: datetime.date | None = None) -> bytes:
    """The ZIP of the dossiers of ``candidacies`` (already scoped by the caller), one folder each, with
    a top index when there are several."""
    today = today or timezone.localdate()
    cases = list(candidacies)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for candidacy in cases:
            _write_case(archive, candidacy, actor=actor, today=today)
        if len(cases) > 1:
            archive.writestr("00-danh-sach.html", render_to_string("paperwork/dossier_list.html",
                                                                   {"cases": cases, "today": today}))  # fmt: skip
    return buffer.getvalue()

"""What the web layer needs to know about workflow actions: labels, evidence forms, pending files.

Every step is taken in two screens: the evidence form, then a confirmation page that shows what
will be recorded. Uploaded scans must survive between the two: ``stash_scans`` keeps the scans of the
file fields the form declares, once the form has validated them, through ``workflows.scans`` (under
``pending/<token>/``, server-chosen names); the session maps the token to them, so a token from
another session finds nothing. ``unstash_scans`` gives them back at the confirmation, which then
discards them (``discard_stash``) whatever its outcome; stashes nobody confirmed are purged by the
beat job ``workflows.purge_scan_stashes`` after a day. ``stash_files``/``unstash_files`` keep a
checked spreadsheet the same way between its report and its import.
"""

import uuid
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from partycell.web.forms import dates_as_typed
from workflows import gate, scans
from workflows.actions import spec
from workflows.enums import Action
from workflows.exceptions import UnknownAction
from workflows.models import Candidacy

if TYPE_CHECKING:
    from partycell.accounts.models import User
    from workflows.evidence import CandidacyForm

_F = TypeVar("_F", bound=forms.BaseForm)

_SESSION_KEY = "partycell_pending_uploads"
_NOT_SUBMITTED = {"csrfmiddlewaretoken", "step", "confirmed", "expected_stage", "pending_files", "next"}


def action_form_class(action: str) -> "type[CandidacyForm] | None":
    """The evidence form of a declared action; None for a name that is not declared (a bad URL)."""
    try:
        return spec(action).evidence_form
    except UnknownAction:
        return None


def action_label(action: str) -> str:
    """The label of an action, for the timeline (old audit rows may carry retired names)."""
    if action in Action.values:
        return str(Action(action).label)
    if action == "create":
        return str(Action.CANDIDACY_CREATE.label)
    return action.replace("_", " ").capitalize()


def adapt_for_web(form: _F) -> _F:
    """Make an evidence form fit the pages: dates typed as dd/mm/yyyy (the same in every browser), a
    refused date explained (the format, or the day that does not exist)."""
    dates_as_typed(form)
    if "note" in form.fields:
        # The base evidence form declares the note first; on the page it reads best last.
        form.order_fields([name for name in form.fields if name != "note"] + ["note"])
    return form


def evidence_form(
    action: str,
    candidacy: Candidacy,
    data: Mapping[str, Any] | None = None,
    files: Mapping[str, Any] | None = None,
    *,
    auto_id: str = "id_%s",
) -> "CandidacyForm":
    form_class = action_form_class(action)
    assert form_class is not None  # asked only for an action the gate offers with its evidence form
    return adapt_for_web(form_class(data, files, candidacy=candidacy, auto_id=auto_id))


def submitted_data(post: QueryDict) -> dict[str, list[str]]:
    """The evidence part of a POST, as lists of values, to carry to the confirmation page."""
    return {key: post.getlist(key) for key in post if key not in _NOT_SUBMITTED}


def declared_file_fields(form_class: type[forms.Form]) -> list[str]:
    """The names of the file fields a form declares: the only uploads a step keeps."""
    return [name for name, field in form_class.base_fields.items() if isinstance(field, forms.FileField)]


def stash_scans(request: HttpRequest, form: forms.Form) -> str:
    """Keep the scans of a valid evidence form until its confirmation; return the token naming them.

    Only the file fields the form declares, as its validation left them (``cleaned_data``): any other
    upload in the request is never written. No scan, no token: ''."""
    token = uuid.uuid4().hex
    entries = {}
    for name in declared_file_fields(type(form)):
        upload = form.cleaned_data.get(name)
        if isinstance(upload, File):
            entries[name] = {"path": scans.stash_save(upload, token=token), "name": scans.display_name(upload.name)}
    if not entries:
        return ""
    pending = request.session.get(_SESSION_KEY, {})
    pending[token] = entries
    request.session[_SESSION_KEY] = pending
    return token


def unstash_scans(
    request: HttpRequest, token: str, *, declared: Iterable[str]
) -> tuple[dict[str, "File[Any]"], list[str]] | None:
    """The scans this session stashed under ``token`` for the ``declared`` fields, and the names of the
    fields whose scan is gone (purged after a day): those must be chosen again. None when this session
    stashed nothing under ``token`` (a new session, or another session's token)."""
    pending = request.session.get(_SESSION_KEY, {})
    if token not in pending:
        return None
    files: dict[str, File[Any]] = {}
    missing = []
    for field_name in declared:
        entry = pending[token].get(field_name)
        if entry is None:
            continue
        stashed = scans.stash_open(entry["path"], name=entry["name"])
        if stashed is None:
            missing.append(field_name)
        else:
            files[field_name] = stashed
    return files, missing


def stash_files(request: HttpRequest, files: Mapping[str, "File[Any]"]) -> str:
    """Keep files that are not scans (a checked spreadsheet) until the next request; return a token."""
    pending = request.session.get(_SESSION_KEY, {})
    token = uuid.uuid4().hex
    entries = {}
    for field_name, upload in files.items():
        suffix = PurePath(upload.name or "").suffix.lower()[:10]
        stored = default_storage.save(f"{scans.STASH_FOLDER}/{token}/{uuid.uuid4().hex}{suffix}", upload)
        entries[field_name] = {"path": stored, "name": scans.display_name(upload.name)}
    pending[token] = entries
    request.session[_SESSION_KEY] = pending
    return token


def unstash_files(request: HttpRequest, token: str) -> dict[str, "File[Any]"]:
    """The files ``stash_files`` kept under ``token`` for this session; an unknown token gives none."""
    entries = request.session.get(_SESSION_KEY, {}).get(token, {})
    files: dict[str, File[Any]] = {}
    for field_name, entry in entries.items():
        stashed = scans.stash_open(entry["path"], name=entry["name"])
        if stashed is not None:
            files[field_name] = stashed
    return files


def discard_stash(request: HttpRequest, token: str) -> None:
    """Delete the scans stashed under ``token`` (the step was recorded, refused, or abandoned)."""
    pending = request.session.get(_SESSION_KEY, {})
    if token not in pending:
        return
    scans.stash_delete(entry["path"] for entry in pending.pop(token).values())
    request.session[_SESSION_KEY] = pending


def remedy_url(user: "User", candidacy: Candidacy, remedy: tuple[str, dict[str, str]] | None) -> str:
    """The page that adds what a blocked step misses, if this user may use it; '' otherwise."""
    if remedy is None:
        return ""
    action, params = remedy
    pages = {Action.DOCUMENT_ADD: "document-upload", Action.MENTOR_ASSIGN: "mentor-add"}
    if action not in (*pages, Action.MENTOR_END):
        return ""
    if gate.refusals(user=user, candidacy=candidacy, action=action, on=timezone.localdate()):
        return ""
    if action == Action.MENTOR_END:  # that one assignment's "end or replace" page
        return reverse("mentor-end", args=[candidacy.pk, params["mentorship"]])
    return f"{reverse(pages[Action(action)], args=[candidacy.pk])}?{urlencode(params)}"


def blockers_with_remedies(user: "User", candidacy: Candidacy, reasons: list[str]) -> list[tuple[str, str, str]]:
    """(reason, link to the page that lifts it or '', the link's label) for each blocking reason."""
    rows = []
    for reason in reasons:
        remedy = getattr(reason, "remedy", None)
        url = remedy_url(user, candidacy, remedy)
        rows.append((str(reason), url, action_label(remedy[0]) if url and remedy else ""))
    return rows

"""What the web layer needs to know about workflow actions: labels, evidence forms, pending files.

Every step is taken in two screens: the evidence form, then a confirmation page that shows what
will be recorded. Uploaded scans must survive between the two; ``stash_files`` keeps them in the
default storage under a random name tied to the session, and ``unstash_files`` gives them back.
"""

import uuid
from pathlib import PurePath

from django import forms
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from partycell.web.forms import DateInput
from workflows import gate
from workflows.actions import spec
from workflows.enums import Action
from workflows.exceptions import UnknownAction
from workflows.models import Candidacy

_SESSION_KEY = "partycell_pending_uploads"
_NOT_SUBMITTED = {"csrfmiddlewaretoken", "step", "confirmed", "expected_stage", "pending_files", "next"}


def action_form_class(action: str) -> type[forms.Form] | None:
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


def adapt_for_web(form: forms.Form) -> forms.Form:
    """Make an evidence form fit the pages: dates typed as dd/mm/yyyy (the same in every browser)."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
    if "note" in form.fields:
        # The base evidence form declares the note first; on the page it reads best last.
        form.order_fields([name for name in form.fields if name != "note"] + ["note"])
    return form


def evidence_form(action: str, candidacy: Candidacy, data=None, files=None, *, auto_id: str = "id_%s"):
    return adapt_for_web(action_form_class(action)(data, files, candidacy=candidacy, auto_id=auto_id))


def submitted_data(post) -> dict[str, list[str]]:
    """The evidence part of a POST, as lists of values, to carry to the confirmation page."""
    return {key: post.getlist(key) for key in post if key not in _NOT_SUBMITTED}


def stash_files(request, files) -> str:
    """Keep uploaded files until the confirmation; return a token listing them."""
    pending = request.session.get(_SESSION_KEY, {})
    token = uuid.uuid4().hex
    entries = {}
    for field_name, upload in files.items():
        suffix = PurePath(upload.name).suffix.lower()[:10]
        stored = default_storage.save(f"pending/{token}/{uuid.uuid4().hex}{suffix}", upload)
        entries[field_name] = {"path": stored, "name": upload.name}
    pending[token] = entries
    request.session[_SESSION_KEY] = pending
    return token


def unstash_files(request, token: str) -> dict[str, File]:
    """The files stashed under ``token`` by this session; an unknown token gives none."""
    entries = request.session.get(_SESSION_KEY, {}).get(token, {})
    files = {}
    for field_name, entry in entries.items():
        with default_storage.open(entry["path"], "rb") as stored:
            files[field_name] = ContentFile(stored.read(), name=entry["name"])
    return files


def discard_stash(request, token: str) -> None:
    pending = request.session.get(_SESSION_KEY, {})
    for entry in pending.pop(token, {}).values():
        default_storage.delete(entry["path"])
    request.session[_SESSION_KEY] = pending


def remedy_url(user, candidacy: Candidacy, remedy: tuple[str, dict[str, str]] | None) -> str:
    """The page that adds what a blocked step misses, if this user may use it; '' otherwise."""
    if remedy is None:
        return ""
    action, params = remedy
    pages = {Action.DOCUMENT_ADD: "document-upload", Action.MENTOR_ASSIGN: "mentor-add"}
    if action not in pages or gate.refusals(user=user, candidacy=candidacy, action=action, on=timezone.localdate()):
        return ""
    return f"{reverse(pages[Action(action)], args=[candidacy.pk])}?{urlencode(params)}"


def blockers_with_remedies(user, candidacy: Candidacy, reasons: list[str]) -> list[tuple[str, str, str]]:
    """(reason, link to the page that lifts it or '', the link's label) for each blocking reason."""
    rows = []
    for reason in reasons:
        remedy = getattr(reason, "remedy", None)
        url = remedy_url(user, candidacy, remedy)
        rows.append((str(reason), url, action_label(remedy[0]) if url and remedy else ""))
    return rows

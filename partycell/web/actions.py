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
from django.utils.translation import gettext as _

from partycell.web.forms import DateInput
from workflows.evidence import EVIDENCE_FORMS
from workflows.models import Candidacy

_SESSION_KEY = "partycell_pending_uploads"
_NOT_SUBMITTED = {"csrfmiddlewaretoken", "step", "confirmed", "expected_stage", "pending_files", "next"}


def _transitions() -> dict:
    return {t.name: t for t in Candidacy._meta.get_field("stage").get_all_transitions(Candidacy)}


def action_form_class(action: str) -> type[forms.Form] | None:
    return EVIDENCE_FORMS.get(action)


def action_label(action: str) -> str:
    transition = _transitions().get(action)
    if transition is not None:
        return str(transition.custom.get("label", action))
    if action in ("create", "candidacy_create"):
        return _("Registered as a candidate")
    return action.replace("_", " ").capitalize()


def action_is_irreversible(action: str) -> bool:
    transition = _transitions().get(action)
    return bool(transition and transition.custom.get("irreversible"))


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

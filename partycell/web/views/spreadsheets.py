"""Excel import: template download, upload, row-by-row report, then import (all, or the valid rows)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.people.vietnamese import normalise_text
from partycell.selectors import user_edits_anything
from partycell.web import actions, imports
from partycell.web.exports import XLSX_CONTENT_TYPE
from partycell.web.forms import SpreadsheetUploadForm
from partycell.web.selectors import cells_for_registration
from workflows.exceptions import ActionNotAllowed
from workflows.imports import ImportRefused

CELLS_SHOWN = 50


def _spec(kind: str) -> imports.ImportSpec:
    if kind not in imports.SPECS:
        raise Http404
    return imports.SPECS[kind]


def _require_editor(request: AuthenticatedHttpRequest) -> None:
    if not user_edits_anything(request.user):
        raise PermissionDenied(_("You may not import records."))


def _start_page(
    request: AuthenticatedHttpRequest, *, form: SpreadsheetUploadForm | None = None, kind: str = "", status: int = 200
) -> HttpResponse:
    cells = cells_for_registration(request.user)
    context = {
        "specs": imports.SPECS.values(),
        "form": form or SpreadsheetUploadForm(),
        "kind": kind,
        # The codes the files need, where the user starts; the template's sheet lists them all.
        "cells": cells[:CELLS_SHOWN],
        "cells_count": cells.count(),
    }
    return render(request, "web/import_start.html", context, status=status)


@login_required
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_editor(request)
    return _start_page(request)


@login_required
def import_template(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    workbook = imports.template_workbook(spec, cells=cells_for_registration(request.user))
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{spec.filename}"'
    return response


@login_required
@require_POST
def import_upload(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """Check the file; import it when every row is valid, otherwise show the report.

    With ``only_valid`` and the token of a file checked before, import just its valid rows.
    """
    _require_editor(request)
    spec = _spec(kind)
    token = request.POST.get("token", "")
    if request.POST.get("only_valid") and token:
        upload = actions.unstash_files(request, token).get("file")
        if upload is None:
            messages.error(request, _("The checked file is no longer available; upload it again."))
            return redirect("import")
    else:
        form = SpreadsheetUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _start_page(request, form=form, kind=kind, status=422)
        upload = form.cleaned_data["file"]
    try:
        rows = imports.parse_file(upload, spec=spec, cells=cells_for_registration(request.user))
    except imports.SpreadsheetRejected as error:
        form = SpreadsheetUploadForm()
        form.errors["file"] = form.error_class([error.message])
        return _start_page(request, form=form, kind=kind, status=422)
    valid = [row for row in rows if row.is_valid]
    if len(valid) < len(rows) and not request.POST.get("only_valid"):
        upload.seek(0)
        token = actions.stash_files(request, {"file": upload})
        # The rows to correct; the valid ones are counted (a file may hold 10,000 rows).
        invalid = [row for row in rows if not row.is_valid]
        context = {"spec": spec, "rows": invalid, "total": len(rows), "valid_count": len(valid), "token": token}
        return render(request, "web/import_report.html", context, status=422)
    try:
        outcome = imports.import_rows(valid, spec=spec, actor=request.user, source=_source_name(upload))
    except (ValidationError, ActionNotAllowed, IntegrityError, ImportRefused):
        messages.error(request, _("The records changed while importing; nothing was imported. Check the file again."))
        return redirect("import")
    if token:
        actions.discard_stash(request, token)
    messages.success(
        request,
        _("%(created)s rows added, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged},
    )
    return redirect("person-list" if spec.kind == "members" else "candidacy-list")


def _source_name(upload: Any) -> str:
    """The uploaded file's name as the imported audit entries keep it: its base name, normalised, short."""
    name = normalise_text(str(getattr(upload, "name", "") or "")).replace("\\", "/").rsplit("/", 1)[-1]
    return name[:120]

"""``POST /api/v1/imports/<kind>/``: the Excel import, through the API (issue 12, item 2).

The same rows as the workbook (``partycell.web.imports.SPECS``: ``candidates``, ``members``,
``cases``), sent either as the workbook itself (multipart, field ``file``) or as JSON
``{"source": "name of the register", "rows": [{"full_name": ..., "citizen_id": ..., ...}]}`` with the
columns' names as keys (dates as ``yyyy-mm-dd`` or ``dd/mm/yyyy``). All or nothing: when any row is
refused the answer is 422 with every refused row and its reasons, and nothing is saved; otherwise
201 with what was created, updated and left unchanged (rows are matched by CCCD, so a second
import of the same rows answers zero changes). ``"check_only": true`` checks without saving.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from partycell.people.vietnamese import normalise_text
from partycell.selectors import user_edits_anything
from partycell.web import imports as sheets
from partycell.web.forms import SpreadsheetUploadForm
from partycell.web.selectors import cells_for_registration
from workflows.api.views import ApiMixin
from workflows.exceptions import ActionNotAllowed
from workflows.imports import ImportRefused

_SCALARS = (str, int, float, bool, type(None))


def _rows_from_json(body: Mapping[str, Any], spec: sheets.ImportSpec) -> list[sheets.RowResult]:
    rows = body.get("rows")
    if not isinstance(rows, list) or not rows:
        raise ParseError(_("Send the rows as a non-empty list under “rows”."))
    if len(rows) > sheets.MAX_ROWS:
        raise ParseError(_("The file has more than %(max)s rows; split it.") % {"max": sheets.MAX_ROWS})
    names = {column.name for column in spec.columns}
    results = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise ParseError(_("Row %(row)s is not an object.") % {"row": number})
        unknown = sorted(str(key) for key in row if key not in names)
        if unknown:
            raise ParseError(_("Row %(row)s has unknown columns: %(columns)s.")
                             % {"row": number, "columns": ", ".join(unknown[:10])})  # fmt: skip
        if not all(isinstance(value, _SCALARS) for value in row.values()):
            raise ParseError(_("Row %(row)s: every value must be text, a number or empty.") % {"row": number})
        results.append(sheets.RowResult(number=number, values={name: row.get(name) for name in names}))
    return results


def _source(body: Mapping[str, Any], default: str) -> str:
    source = body.get("source", default)
    return normalise_text(source)[:120] if isinstance(source, str) and source.strip() else default


class ImportView(ApiMixin):
    """Import the roll, open cases or candidates; all or nothing, with a row report."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT, "multipart/form-data": OpenApiTypes.OBJECT},
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT, description=_("What was created, updated, unchanged")),
                   422: OpenApiResponse(OpenApiTypes.OBJECT, description=_("The refused rows; nothing saved"))},
    )  # fmt: skip
    def post(self, request: Request, kind: str) -> Response:
        if kind not in sheets.SPECS:
            raise Http404
        if not user_edits_anything(self.request.user):
            raise PermissionDenied(_("You may not import records."))
        spec = sheets.SPECS[kind]
        cells = cells_for_registration(self.request.user)
        rows, source, check_only = self._rows(request, spec)
        sheets.validate_rows(rows, spec=spec, cells=cells)
        refused = [row for row in rows if not row.is_valid]
        if refused or check_only:
            return self._report(rows, refused)
        try:
            outcome = sheets.import_rows(rows, spec=spec, actor=self.request.user, source=source)
        except ImportRefused as error:
            return self._report(rows, error.rows)
        except (ValidationError, ActionNotAllowed, IntegrityError):
            body = {"detail": _("The records changed while importing; nothing was imported. Check the file again.")}
            return Response(body, status=status.HTTP_409_CONFLICT)
        created = {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged,
                   "rows": outcome.numbers}  # fmt: skip
        return Response(created, status=status.HTTP_201_CREATED)

    def _rows(self, request: Request, spec: sheets.ImportSpec) -> tuple[list[sheets.RowResult], str, bool]:
        """The rows, the name of their source and whether only to check them."""
        data = request.data
        if not isinstance(data, Mapping):
            raise ParseError(_("Send a JSON object with “rows”, or the workbook as “file”."))
        if "file" in request.FILES:
            check_only = str(data.get("check_only")) in ("1", "true", "on")
            return *self._workbook_rows(request, spec), check_only
        if hasattr(data, "getlist"):
            raise ParseError(_("Send a JSON object with “rows”, or the workbook as “file”."))
        return _rows_from_json(data, spec), _source(data, _("the API")), data.get("check_only") is True

    def _workbook_rows(self, request: Request, spec: sheets.ImportSpec) -> tuple[list[sheets.RowResult], str]:
        form = SpreadsheetUploadForm(files=request.FILES)
        if not form.is_valid():
            raise ParseError(" ".join(str(message) for message in form.errors["file"]))
        upload = form.cleaned_data["file"]
        try:
            rows = sheets.read_sheet(upload, spec)
        except sheets.SpreadsheetRejected as error:
            raise ParseError(error.message) from error
        return rows, normalise_text(str(upload.name)).rsplit("/", 1)[-1][:120]

    def _report(self, rows: list[sheets.RowResult], refused: list[Any]) -> Response:
        body = {
            "detail": _("Nothing was imported: some rows are refused.") if refused else _("Every row is valid."),
            "rows_total": len(rows),
            "refused": [{"row": row.number, "errors": list(row.errors)} for row in refused],
        }
        return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY if refused else status.HTTP_200_OK)

"""Export any list to .xlsx with openpyxl's write-only (streaming) workbook."""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_NUMBER_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    header: "str | StrPromise"
    value: Callable[[Any], Any]
    width: int = 18
    # For a CCCD column: a row's (CCCD, unit keeping the record), so ``for_user`` can mask it
    # (partycell.privacy.masking) without a query per row.
    citizen_id_of: Callable[[Any], tuple[str, Any]] | None = None


def for_user(columns: list[Column], user: Any) -> list[Column]:
    """``columns`` with each CCCD masked where ``user``'s roles do not need it (a setting)."""
    from partycell.privacy.masking import citizen_id_for

    def masked(citizen_id_of: Callable[[Any], tuple[str, Any]]) -> Callable[[Any], Any]:
        def value(row: Any) -> str:
            citizen_id, unit = citizen_id_of(row)
            return citizen_id_for(user, citizen_id=citizen_id, unit=unit)

        return value

    return [
        replace(column, value=masked(column.citizen_id_of)) if column.citizen_id_of is not None else column
        for column in columns
    ]


# A text cell starting with one of these would be run as a formula by Excel or LibreOffice
# (CSV/formula injection, OWASP): a name typed as "=HYPERLINK(...)" must export as the text it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """``value`` as it may be written into a cell: text that a spreadsheet would run as a formula is
    kept as text (a leading apostrophe), everything else unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(sheet: "WriteOnlyWorksheet", value: Any, *, bold: bool = False) -> "Cell":
    value = safe_text(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE_NUMBER_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(rows: Iterable[Any], columns: list[Column], *, title: str = "Sheet1") -> bytes:
    """Stream ``rows`` into a one-sheet workbook: a bold header row, then one row per object."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = column.width
    sheet.append([_cell(sheet, str(column.header), bold=True) for column in columns])
    for row in rows:
        sheet.append([_cell(sheet, column.value(row)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(name: str, *, on: datetime.date | None = None) -> str:
    """``name`` (Vietnamese without diacritics: file names travel by e-mail and chat) and the day of the
    export, so two downloads never overwrite each other: ``ho-so-2026-11-29.xlsx``."""
    return f"{name}-{(on or timezone.localdate()):%Y-%m-%d}.xlsx"


def xlsx_response(rows: Iterable[Any], columns: list[Column], *, name: str) -> HttpResponse:
    """The workbook of ``rows`` as a download named ``export_filename(name)``."""
    if hasattr(rows, "iterator"):  # a queryset: stream it instead of caching every row
        rows = rows.iterator(chunk_size=500)
    response = HttpResponse(write_xlsx(rows, columns), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(name))
    return response


PEOPLE_COLUMNS = [
    Column(_("Full name"), lambda p: p.full_name, 28),
    Column(_("Date of birth"), lambda p: p.date_of_birth, 14),
    Column(_("Sex"), lambda p: p.get_sex_display(), 8),
    Column(_("Citizen ID (CCCD)"), lambda p: p.citizen_id, 16, citizen_id_of=lambda p: (p.citizen_id, p.unit)),
    Column(_("Party organisation"), lambda p: p.unit.name, 32),
]

CANDIDACY_COLUMNS = [
    Column(_("Full name"), lambda c: c.person.full_name, 28),
    Column(_("Date of birth"), lambda c: c.person.date_of_birth, 14),
    Column(
        _("Citizen ID (CCCD)"), lambda c: c.person.citizen_id, 16, citizen_id_of=lambda c: (c.person.citizen_id, c.cell)
    ),
    Column(_("Party cell"), lambda c: c.cell.name, 32),
    Column(_("Proposed by (mass organisation)"), lambda c: c.proposed_by and c.get_proposed_by_display(), 24),
    Column(_("Stage"), lambda c: c.get_stage_display(), 30),
    Column(_("Current step due on"), lambda c: c.stage_due_on, 14),
    Column(_("Registered on"), lambda c: timezone.localdate(c.created_at), 14),
]

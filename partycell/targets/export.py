"""The dashboard as an .xlsx workbook (openpyxl write-only mode: rows stream, memory stays flat).

Each sheet opens with the unit, the period, the kind and the day the figures are "as of", then a bold
header row frozen in place; columns have widths; percentages are stored as fractions formatted as
percentages (8.3% is 0.083 shown "8.3%"), so a spreadsheet computes with them.
"""

import datetime
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from partycell.targets.arithmetic import ROUNDING_RULE
from partycell.targets.enums import Dimension, TargetKind
from partycell.targets.selectors.dashboard import Dashboard

if TYPE_CHECKING:
    from openpyxl.cell import Cell

PERCENT_FORMAT = "0.0%"


def _percent(value: Decimal | None) -> float | None:
    """A percentage (8.3) as the fraction a spreadsheet formats as 8.3% (0.083)."""
    return None if value is None else float(value) / 100


def _sheet(workbook: Workbook, title: str, widths: list[int], *, header_row: int) -> WriteOnlyWorksheet:
    """A sheet with column widths, its first ``header_row`` rows frozen (and its first column)."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"B{header_row + 1}"
    return sheet


def _bold(sheet: WriteOnlyWorksheet, values: list[Any]) -> "list[Cell]":
    cells: list[Cell] = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _row(sheet: WriteOnlyWorksheet, values: list[Any], percent_columns: set[int]) -> "list[Cell]":
    cells: list[Cell] = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=value)
        if index in percent_columns:
            cell.number_format = PERCENT_FORMAT
        cells.append(cell)
    return cells


def _title_rows(sheet: WriteOnlyWorksheet, dashboard: Dashboard, today: datetime.date) -> None:
    report = dashboard.report
    as_of = _("as of %(day)s") % {"day": date_format(today, "SHORT_DATE_FORMAT")}
    sheet.append(_bold(sheet, [str(dashboard.unit), str(report.period), str(TargetKind(report.kind).label), as_of]))
    sheet.append([str(ROUNDING_RULE)])


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    report = dashboard.report
    today = report.today
    workbook = Workbook(write_only=True)
    dimensions = [d for d in Dimension if d != Dimension.TOTAL]

    units = _sheet(workbook, _("Units"), [42, 10, 10, 12, 14, 12, 12] + [14] * len(dimensions), header_row=3)
    _title_rows(units, dashboard, today)
    units.append(_bold(units,
        [_("Party organisation"), _("Target"), _("Achieved"), _("Percent of target"), _("Expected by today"),
         _("Behind pace"), _("Overdue steps")]
        + [str(Dimension(d).label) for d in dimensions]
    ))  # fmt: skip
    own = report.own
    for achievement, overdue in [(own, dashboard.own_overdue)] + [(r.achievement, r.overdue) for r in dashboard.rows]:
        total = achievement.total
        units.append(_row(units,
            [str(achievement.unit), total.target, total.achieved, _percent(total.percent), total.expected,
             _("yes") if total.behind_pace else _("no"), overdue]
            + [achievement.figures[d].achieved if d in achievement.figures else 0 for d in dimensions],
            {3},
        ))  # fmt: skip

    groups = _sheet(workbook, _("Groups"), [42, 10, 10, 12], header_row=3)
    _title_rows(groups, dashboard, today)
    groups.append(_bold(groups, [_("Group"), _("Target"), _("Achieved"), _("Percent of target")]))
    for figure in own.figures.values():
        groups.append(_row(groups, [str(figure.label), figure.target, figure.achieved, _percent(figure.percent)], {3}))

    funnel = _sheet(workbook, _("Funnel"), [42, 16], header_row=3)
    _title_rows(funnel, dashboard, today)
    funnel.append(_bold(funnel, [_("Stage"), _("Open candidacies")]))
    for step in dashboard.funnel:
        funnel.append([str(step.label), step.count])

    durations = _sheet(workbook, _("Days per stage"), [42, 14, 14], header_row=3)
    _title_rows(durations, dashboard, today)
    durations.append(_bold(durations, [_("Stage"), _("Median days"), _("Stays counted")]))
    for duration in dashboard.durations:
        durations.append([str(duration.label), duration.median_days, duration.stays])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

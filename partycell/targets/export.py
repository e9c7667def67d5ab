"""The dashboard as an .xlsx workbook (openpyxl write-only mode: rows stream, memory stays flat)."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from partycell.targets.arithmetic import ROUNDING_RULE
from partycell.targets.enums import Dimension, TargetKind
from partycell.targets.selectors.dashboard import Dashboard


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    report = dashboard.report
    workbook = Workbook(write_only=True)

    units = workbook.create_sheet(_("Units"))
    units.append([str(dashboard.unit), str(report.period), str(TargetKind(report.kind).label)])
    units.append([str(ROUNDING_RULE)])
    units.append(
        [_("Party organisation"), _("Target"), _("Achieved"), _("Percent of target"), _("Expected by today"),
         _("Behind pace"), _("Overdue steps")]
        + [str(Dimension(d).label) for d in Dimension if d != Dimension.TOTAL]
    )  # fmt: skip
    own = report.own
    for achievement, overdue in [(own, dashboard.own_overdue)] + [(r.achievement, r.overdue) for r in dashboard.rows]:
        total = achievement.total
        units.append(
            [str(achievement.unit), total.target, total.achieved, _percent(total.percent), total.expected,
             _("yes") if total.behind_pace else _("no"), overdue]
            + [achievement.figures[d].achieved if d in achievement.figures else 0
               for d in Dimension if d != Dimension.TOTAL]
        )  # fmt: skip

    groups = workbook.create_sheet(_("Groups"))
    groups.append([_("Group"), _("Target"), _("Achieved"), _("Percent of target")])
    for figure in own.figures.values():
        groups.append([str(figure.label), figure.target, figure.achieved, _percent(figure.percent)])

    funnel = workbook.create_sheet(_("Funnel"))
    funnel.append([_("Stage"), _("Open candidacies")])
    for step in dashboard.funnel:
        funnel.append([str(step.label), step.count])

    durations = workbook.create_sheet(_("Days per stage"))
    durations.append([_("Stage"), _("Median days"), _("Stays counted")])
    for duration in dashboard.durations:
        durations.append([str(duration.label), duration.median_days, duration.stays])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

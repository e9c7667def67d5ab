"""The targets dashboard and the compliance audit as a report in the Party's format (36-HD/VPTW).

``report_heading`` gives what the print page and the .docx share: the superior and issuing bodies,
the number (typed by the user, or a blank to fill in), the place and date, the title, and who signs.
``report_docx`` writes the report with python-docx: the heading, the achievement, the child units, the
groups, the compliance section and the signature block.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from partycell.organisations.models import Unit
from partycell.paperwork.context import BLANK, SIGNER_TITLES, place_date_line, place_name, upper
from partycell.paperwork.layout import line, new_document, two_columns
from partycell.people.vietnamese import normalise_text
from partycell.targets.enums import TargetKind
from partycell.targets.selectors.compliance import ComplianceAudit, compliance_audit
from partycell.targets.selectors.dashboard import Dashboard
from workflows.models import document_number_validator

FINDINGS_LISTED = 20


@dataclass(frozen=True)
class ReportHeading:
    superior: str
    issuer: str
    number: str
    place_date: str
    title: str
    subject: str
    signing_body: str
    signer_title: str


def _signing_body(unit: Unit) -> str:
    kind = unit.kind
    if kind.is_cell:
        return "T/M CHI BỘ"
    if kind.is_upper_grassroots or kind.is_provincial:
        return "T/M BAN THƯỜNG VỤ"
    return "T/M ĐẢNG ỦY"


def report_number(text: str | None) -> str:
    """The number the user typed ("05-BC/ĐU"), or a blank to fill in by hand; anything else is blank."""
    text = normalise_text(text or "").strip()  # full-width digits as ASCII, no zero-width characters
    try:
        document_number_validator(text)
    except ValidationError:
        return f"{BLANK}-BC"
    return text


def report_heading(
    *, unit: Unit, dashboard: Dashboard | None, kind: str, today: datetime.date, number: str = "", signer: str = ""
) -> ReportHeading:
    superior = Unit.objects.get_parent(unit)
    period = str(dashboard.report.period) if dashboard else ""
    subjects: dict[str, str] = {TargetKind.ADMISSIONS: "về kết quả thực hiện chỉ tiêu kết nạp đảng viên",
                                TargetKind.RECOGNITIONS: "về kết quả công nhận đảng viên chính thức"}  # fmt: skip
    subject = subjects.get(kind, "")
    return ReportHeading(
        superior=upper(superior.name) if superior else "",
        issuer=upper(unit.name),
        number=report_number(number),
        place_date=place_date_line(place_name(unit), today),
        title="BÁO CÁO",
        subject=f"{subject} {period}".strip(),
        signing_body=_signing_body(unit),
        signer_title=SIGNER_TITLES.get(signer, SIGNER_TITLES["secretary"]),
    )


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _table(document: DocumentObject, headers: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(12)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).font.size = Pt(12)


def _section(document: DocumentObject, text: str) -> None:
    line(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=10, after=4)


def _paragraph(document: DocumentObject, text: str) -> None:
    line(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=4)


def report_docx(
    *, heading: ReportHeading, dashboard: Dashboard, audit: ComplianceAudit | None, today: datetime.date
) -> bytes:
    """The report as a .docx in the Party's format (the user's language for the figures' labels)."""
    document = new_document(f"{heading.title} {heading.subject}")
    left, right = two_columns(document, 7.5, 9)
    line(left, heading.superior, size=13, first=True)
    line(left, heading.issuer, bold=True, size=13)
    line(left, "*", size=13)
    line(left, f"Số {heading.number}", size=13)
    line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15, first=True)
    line(right, "", size=8)
    line(right, heading.place_date, italic=True)
    line(document, heading.title, bold=True, size=16, before=18)
    line(document, heading.subject, bold=True)
    line(document, "-----", after=12)

    own = dashboard.report.own.total
    as_of = date_format(today, "SHORT_DATE_FORMAT")
    _section(document, _("I. Achievement as of %(date)s") % {"date": as_of})
    _paragraph(document, _("Target: %(target)s; achieved: %(achieved)s (%(percent)s of the target); expected by "
                           "today: %(expected)s; overdue steps: %(overdue)s.") % {
        "target": own.target if own.target is not None else "–", "achieved": own.achieved,
        "percent": _percent(own.percent), "expected": own.expected if own.expected is not None else "–",
        "overdue": dashboard.own_overdue})  # fmt: skip
    if dashboard.rows:
        _section(document, _("Child units"))
        _table(document, [_("Party organisation"), _("Target"), _("Achieved"), _("Percent"), _("Overdue steps")], [
            [str(row.unit), row.achievement.total.target if row.achievement.total.target is not None else "–",
             row.achievement.total.achieved, _percent(row.achievement.total.percent), row.overdue]
            for row in dashboard.rows
        ])  # fmt: skip
    _section(document, _("By group"))
    _table(document, [_("Group"), _("Target"), _("Achieved"), _("Percent")], [
        [str(figure.label), figure.target if figure.target is not None else "–", figure.achieved,
         _percent(figure.percent)] for figure in dashboard.report.own.figures.values()
    ])  # fmt: skip
    if audit is not None:
        _compliance(document, audit)
    _signature(document, heading)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _compliance(document: DocumentObject, audit: ComplianceAudit) -> None:
    _section(document, _("II. Compliance with the procedure"))
    for _check, label, findings in audit.sections:
        _paragraph(document, f"{label}: {len(findings)}.")
        if findings:
            _table(document, [_("Case"), _("Full name"), _("Party cell"), _("Due on"), _("Done on"), _("Days late")], [
                [f"HS-{f.candidacy.pk}", str(f.candidacy.person), str(f.candidacy.cell),
                 f"{f.due_on:%d/%m/%Y}" if f.due_on else "–",
                 f"{f.done_on:%d/%m/%Y}" if f.done_on else _("not yet"),
                 f.days_late if f.days_late is not None else "–"] for f in findings[:FINDINGS_LISTED]
            ])  # fmt: skip
            if len(findings) > FINDINGS_LISTED:
                _paragraph(document, _("… and %(count)s more.") % {"count": len(findings) - FINDINGS_LISTED})
    _section(document, _("Removals from the probationary roll against admissions"))
    _table(document, [_("Party organisation"), _("Admissions"), _("Removals"), _("Removals per admission")], [
        [str(r.unit), r.admissions, r.removals, f"{r.ratio:.2f}".replace(".", ",") if r.ratio is not None else "–"]
        for r in audit.removals
    ])  # fmt: skip


def _signature(document: DocumentObject, heading: ReportHeading) -> None:
    line(document, "", after=6)
    left, right = two_columns(document, 7.5, 9)
    line(left, "Nơi nhận:", bold=True, italic=True, underline=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT,
         first=True)  # fmt: skip
    for recipient in ("- Cấp ủy cấp trên;", "- Lưu."):
        line(left, recipient, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(right, heading.signing_body, bold=True, first=True)
    line(right, heading.signer_title, bold=True)
    for _blank in range(4):
        line(right, "")
    line(right, BLANK, bold=True)


def removal_threshold_default() -> Decimal:
    from django.conf import settings

    return Decimal(str(getattr(settings, "TARGETS_REMOVAL_ALERT_RATIO", "0.10")))


def report_parts(
    *, unit: Unit, dashboard: Dashboard | None, kind: str, today: datetime.date, number: str = "", signer: str = ""
) -> dict[str, Any]:
    """What the print page and the .docx add to the dashboard: the heading and the compliance audit."""
    audit = None
    if dashboard is not None:
        audit = compliance_audit(unit=unit, period=dashboard.report.period, today=today,
                                 removal_threshold=removal_threshold_default())  # fmt: skip
    heading = report_heading(unit=unit, dashboard=dashboard, kind=kind, today=today, number=number, signer=signer)
    return {"report_heading": heading, "audit": audit}

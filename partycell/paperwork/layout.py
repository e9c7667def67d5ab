"""The built-in .docx templates, written with python-docx in the Party's document format.

Hướng dẫn 36-HD/VPTW (the format of the Party's documents): A4; margins top and bottom 2 cm, left
3 cm, right 1.5 cm; Times New Roman. At the top, left: the superior body, the issuing body in bold, a
star, the number and symbol ("Số 12-NQ/CB"); right: "ĐẢNG CỘNG SẢN VIỆT NAM" bold and underlined, then
the place and date in italics. Then the title (bold, upper case) and its subject, the body (justified,
first line indented), and the signature block: "T/M <body>", the signer's title, room to sign and
stamp, the signer's name; "Nơi nhận" on the left.

``build_all(directory)`` writes one template per ``specs.SPECS`` entry; ``manage.py
paperwork_templates`` runs it, and a test checks that the committed files match what it writes, so the
templates stay reviewable (their text is in ``specs.py``) and reproducible.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from partycell.paperwork.specs import SPECS, FormSpec

BUILT_IN_DIRECTORY = Path(__file__).resolve().parent / "docx"
FONT = "Times New Roman"
# Fixed so that building twice gives the same document properties.
_PROPERTIES_DATE = datetime.datetime(2022, 1, 18, tzinfo=datetime.UTC)


def file_name(code: str) -> str:
    """``6-KNĐ`` → ``6-KND.docx``: ASCII file names in the repository."""
    return code.replace("Đ", "D") + ".docx"


def new_document(title: str) -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, "PartyCell", "PartyCell"
    properties.created = properties.modified = _PROPERTIES_DATE
    properties.revision = 1
    return document


def line(
    container: DocumentObject | _Cell, text: str, *, bold: bool = False, italic: bool = False,
    underline: bool = False, size: float | None = None, align: int = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False, before: float = 0, after: float = 0, indent: bool = False,
) -> Paragraph:
    """One paragraph of one run (a Jinja tag never spans two runs, so docxtpl sees it whole)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def two_columns(document: DocumentObject, left: float, right: float) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)  # the default table style has no borders
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cells = table.rows[0].cells
    cells[0].width, cells[1].width = Cm(left), Cm(right)
    return cells[0], cells[1]


def _heading(document: DocumentObject, spec: FormSpec) -> None:
    left, right = two_columns(document, 7.5, 9)
    line(left, "{{ superior }}", size=13, first=True)
    line(left, "{{ issuer }}", bold=True, size=13)
    line(left, "*", size=13)
    if spec.symbol:
        line(left, "Số {{ number }}", size=13)
    line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15, first=True)
    line(right, "", size=8)
    line(right, "{{ place_date }}", italic=True, size=14)


def _title(document: DocumentObject, spec: FormSpec) -> None:
    line(document, spec.title, bold=True, size=16, before=18)
    if spec.subtitle:
        line(document, spec.subtitle, bold=True, size=14)
    line(document, "-----", size=14, after=12)
    for text in spec.centred_preamble:
        line(document, text, bold=True, size=14, after=6)
    if spec.salutation:
        line(document, spec.salutation, size=14, after=6)


def _body(document: DocumentObject, spec: FormSpec) -> None:
    for text in spec.body:
        if text == "QUYẾT ĐỊNH:":
            line(document, text, bold=True, before=6, after=6)
            continue
        line(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)


def _signature(document: DocumentObject, spec: FormSpec) -> None:
    line(document, "", after=6)
    left, right = two_columns(document, 7.5, 9)
    if spec.recipients:
        line(left, "Nơi nhận:", bold=True, italic=True, underline=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT,
              first=True)  # fmt: skip
        for recipient in spec.recipients:
            line(left, f"- {recipient}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    if spec.signing_body:
        line(right, "{{ signing_body }}", bold=True, first=True)
        first = False
    line(right, "{{ signer_title }}", bold=True, first=first)
    line(right, "(Ký, ghi rõ họ và tên)" if not spec.signing_body else "", italic=True, size=12)
    for _ in range(3):
        line(right, "")
    line(right, "{{ signer_name }}", bold=True)


def build(spec: FormSpec) -> DocumentObject:
    document = new_document(f"{spec.code} {spec.title}")
    _heading(document, spec)
    _title(document, spec)
    _body(document, spec)
    _signature(document, spec)
    return document


def build_all(directory: Path = BUILT_IN_DIRECTORY) -> list[Path]:
    """Write every built-in template into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS.values():
        path = directory / file_name(spec.code)
        build(spec).save(str(path))
        written.append(path)
    return written

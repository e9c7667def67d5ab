"""From a template and a case's data to a .docx (docxtpl), and from a .docx to a print-ready page.

The print page is read back from the generated .docx itself (python-docx), so what is printed from
the browser is exactly what was generated and stored, whichever template wrote it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

import jinja2
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from partycell.paperwork.layout import BUILT_IN_DIRECTORY, file_name

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


class TemplateError(Exception):
    """A template cannot be used; ``str(error)`` says why, for the administrator."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def data_digest(data: dict[str, Any]) -> str:
    return sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode())


def builtin_template(code: str) -> bytes:
    return (BUILT_IN_DIRECTORY / file_name(code)).read_bytes()


def render_docx(template: bytes, data: dict[str, Any], *, strict: bool = False) -> bytes:
    """Fill ``template`` with ``data``; every value is escaped for XML (a name may hold ``&`` or ``<``).
    ``strict``: a variable ``data`` lacks is an error instead of an empty text."""
    document = DocxTemplate(io.BytesIO(template))
    undefined = jinja2.StrictUndefined if strict else jinja2.ChainableUndefined
    environment = jinja2.Environment(undefined=undefined, autoescape=True)
    try:
        document.render(data, jinja_env=environment, autoescape=True)
    except jinja2.TemplateError as error:
        raise TemplateError(str(error)) from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_template(content: bytes, sample: dict[str, Any]) -> None:
    """Raise ``TemplateError`` unless ``content`` is a .docx that renders with ``sample``."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateError("too large")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TemplateError("not a .docx file")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise TemplateError("not a .docx file")
        Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateError("not a .docx file") from error
    try:
        render_docx(content, sample, strict=True)
    except TemplateError:
        raise
    except Exception as error:  # docxtpl parses the XML itself; anything it cannot read is unusable
        raise TemplateError(str(error)[:200]) from error


def document_text(content: bytes) -> str:
    """Every paragraph of a .docx, tables included, one per line (for tests and the dossier index)."""
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


_ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right",
          WD_ALIGN_PARAGRAPH.JUSTIFY: "justify"}  # fmt: skip


def _paragraph_html(paragraph: Paragraph) -> str:
    classes = [_ALIGN.get(paragraph.alignment, "left")]  # type: ignore[arg-type]
    if paragraph.paragraph_format.first_line_indent:
        classes.append("indent")
    parts = []
    for run in paragraph.runs:
        text = str(escape(run.text))
        if not text:
            continue
        size = run.font.size.pt if run.font.size else None
        if size:
            text = f'<span class="pt{round(size)}">{text}</span>'
        for flag, tag in ((run.underline, "u"), (run.italic, "em"), (run.bold, "strong")):
            if flag:
                text = f"<{tag}>{text}</{tag}>"
        parts.append(text)
    return f'<p class="{" ".join(classes)}">{"".join(parts) or "&nbsp;"}</p>'


def _blocks_html(blocks: Iterable[Paragraph | Table]) -> str:
    html = []
    for block in blocks:
        if isinstance(block, Paragraph):
            html.append(_paragraph_html(block))
            continue
        html.append('<table class="layout">')
        for row in block.rows:
            cells = "".join(f"<td>{_blocks_html(cell.iter_inner_content())}</td>" for cell in row.cells)
            html.append(f"<tr>{cells}</tr>")
        html.append("</table>")
    return "".join(html)


def docx_to_html(content: bytes) -> SafeString:
    """The .docx's paragraphs and layout tables as HTML; every text escaped."""
    return mark_safe(_blocks_html(Document(io.BytesIO(content)).iter_inner_content()))  # noqa: S308 - escaped above

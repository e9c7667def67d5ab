"""The one way an uploaded .xlsx is opened: every import (candidates, members, rolls) calls ``open_workbook``.

An .xlsx is a zip. Its compressed size says nothing about what openpyxl will build from it: a file of
a few hundred kilobytes whose shared strings expand to 160 MiB tied up a worker for 81 s at 663 MiB
(issue 13, finding 6). So before openpyxl reads a byte, the zip's directory is checked: not too many
parts, and the uncompressed sizes they declare add up to at most ``XLSX_MAX_UNCOMPRESSED_BYTES``
(settings, 50 MB by default; a full 2,000-row import is about 1 MB). A part that lies about its size is
cut at the size it declares by ``zipfile``, whose CRC check then fails: the file is refused as damaged.
"""

import zipfile
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

MAX_PARTS = 500  # a real workbook has a few dozen parts (sheets, styles, themes, relations)
DEFAULT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024


class SpreadsheetRejected(Exception):
    """The whole file is refused; ``message`` says why (translated)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "XLSX_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


def _damaged() -> SpreadsheetRejected:
    return SpreadsheetRejected(_("The file is damaged or is not an Excel .xlsx file."))


def check_expanded_size(upload: IO[bytes]) -> None:
    """Refuse a zip whose parts are too many or declare too much data once uncompressed."""
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _damaged() from error
    finally:
        upload.seek(0)
    limit = max_uncompressed_bytes()
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > limit:
        raise SpreadsheetRejected(
            _("The file holds more than %(mb)s MB of data once opened; no import is that big. Save only the "
              "sheet to import as a new .xlsx file.") % {"mb": limit // (1024 * 1024)}
        )  # fmt: skip


def open_workbook(upload: IO[bytes]) -> Workbook:
    """The workbook of ``upload``, read-only with values, after ``check_expanded_size``; the caller closes it.

    Raises ``SpreadsheetRejected`` for a file that is not a readable .xlsx or is too big once opened."""
    check_expanded_size(upload)
    try:
        return load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as error:
        raise _damaged() from error

"""Scans: the one path a file takes into a candidacy's file and back out, for the pages and the API.

1. **In.** ``scan_type(upload)`` decides what a file is by parsing it, never by its name or the
   type the client sent: its first bytes choose the parser (``%PDF-``, JPEG's SOI, PNG's signature),
   then pypdf opens a PDF (refused when encrypted, unreadable or without a page) or Pillow opens
   and decodes a JPEG or PNG (refused when truncated, or larger than ``MAX_IMAGE_PIXELS``: a
   decompression bomb). Both are pure Python wheels, so a fresh laptop needs no system library.
   ``validate_scan`` is the form and model validator; it also enforces
   ``settings.EVIDENCE_MAX_UPLOAD_BYTES`` and says sizes in MB.
2. **Stored** under a server-chosen name with the extension of the detected type
   (``scan_stored_name``); the detected type is what ``Document.content_type`` keeps.
3. **Stashed** between a step's form and its confirmation (``stash_save`` / ``stash_open`` /
   ``stash_delete``, under ``pending/<token>/``); ``stashes_purge`` removes stashes nobody
   confirmed, from the beat job ``workflows.purge_scan_stashes``.
4. **Out** only through a view that has scoped the candidacy (the page ``document-file``, the endpoint
   ``api-document-file``): ``document_scan_response`` answers with the
   stored type, ``X-Content-Type-Options: nosniff``, ``Content-Security-Policy: sandbox`` and
   ``Content-Disposition: attachment`` under a generated ASCII name. ``/media/`` is never routed.
"""

from __future__ import annotations

import datetime
import math
import unicodedata
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

if TYPE_CHECKING:
    from workflows.models import Document

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
# The only types a scan may have, and the extension a stored scan of each type gets.
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
# The first bytes choose which parser to try; the parser decides.
_SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
# What Pillow must report for each type (phones write JPEGs with a multi-picture index: MPO).
_PILLOW_FORMATS = {JPEG: {"JPEG", "MPO"}, PNG: {"PNG"}}
# An A4 page scanned at 600 dpi is 35 megapixels; 80 leaves room for A3 and still bounds the memory
# a decode takes (about 240 MB). Above it an image is refused as a possible decompression bomb.
MAX_IMAGE_PIXELS = 80_000_000
MEGABYTE = 1024 * 1024
STASH_FOLDER = "pending"
_CACHE_ATTRIBUTE = "_partycell_scan_type"


@dataclass(frozen=True)
class ScanType:
    content_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


# --- In -----------------------------------------------------------------------------------------------------


def megabytes(size: int, *, round_up: bool = False) -> str:
    """``size`` bytes in MB with at most one decimal, in the active language ("12,4" in Vietnamese).
    A size over a limit is rounded up, so that 10 MB and one byte never reads "10 MB"."""
    tenths = size * 10 / MEGABYTE
    value = (math.ceil(tenths) if round_up else round(tenths)) / 10
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def validate_scan(upload: File[Any]) -> None:
    """The validator of every scan field (forms and ``Document.file``): the size limit, then the type.

    Raises a ``ValidationError`` (code ``file_too_large``, ``file_type``, ``file_unreadable``,
    ``file_encrypted`` or ``image_too_large``) whose message is translated and says sizes in MB."""
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="file_too_large",
            params={"size": megabytes(upload.size, round_up=True), "limit": megabytes(limit)},
        )
    scan_type(upload)


def scan_type(upload: File[Any]) -> ScanType:
    """What ``upload`` is, by parsing it; a ``ValidationError`` when it is not a readable PDF, JPEG or PNG.

    The answer is remembered on the upload: forms, the model's validation, the storage name and the
    stored type all ask, and a 10 MB scan is parsed once."""
    holder = _holder(upload)
    known = getattr(holder, _CACHE_ATTRIBUTE, None)
    if isinstance(known, ScanType):
        return known
    stream: IO[bytes] = holder
    position = stream.tell()
    try:
        stream.seek(0)
        head = stream.read(8)
        content_type = next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)
        if content_type is None:
            raise ValidationError(_("Upload a PDF, JPEG or PNG scan."), code="file_type")
        stream.seek(0)
        if content_type == PDF:
            _check_pdf(stream)
        else:
            _check_image(stream, content_type)
    finally:
        stream.seek(position)
    found = ScanType(content_type)
    setattr(holder, _CACHE_ATTRIBUTE, found)
    return found


def _holder(upload: File[Any]) -> File[Any]:
    """The object that holds the bytes: a model's ``FieldFile`` not yet saved wraps the upload."""
    if isinstance(upload, FieldFile) and not getattr(upload, "_committed", True):
        inner = upload.file
        if isinstance(inner, File):
            return inner
    return upload


def _unreadable(kind: str) -> ValidationError:
    return ValidationError(
        _("This file starts like a %(kind)s but cannot be read: it is damaged, incomplete or not what it "
          "claims to be. Save or scan it again as PDF, JPEG or PNG."),
        code="file_unreadable",
        params={"kind": kind},
    )  # fmt: skip


def _check_pdf(stream: IO[bytes]) -> None:
    """pypdf must find the cross-reference data and at least one page, and no password."""
    try:
        reader = PdfReader(stream)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 - resolves the page tree down to a real page
    except Exception as error:  # pypdf raises many kinds (PdfReadError, ValueError, KeyError ...) on bad input
        raise _unreadable("PDF") from error
    if encrypted:
        raise ValidationError(
            _("This PDF is protected by a password. Save it again without the password, then upload it."),
            code="file_encrypted",
        )
    if not pages:
        raise _unreadable("PDF")


def _check_image(stream: IO[bytes], content_type: str) -> None:
    """Pillow must recognise the format, find a sane size, verify the structure and decode every pixel
    (``verify`` alone does not notice a truncated JPEG)."""
    kind = "JPEG" if content_type == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: make that a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = image.size
                if image.format not in _PILLOW_FORMATS[content_type]:
                    raise _unreadable(kind)
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                image.verify()
            stream.seek(0)
            with Image.open(stream) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError ... on bad input
        raise _unreadable(kind) from error


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has more than %(limit)s megapixels. Scan it at a lower resolution, or as PDF."),
        code="image_too_large",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


def display_name(name: str | None) -> str:
    """A client's file name fit to show and log: its last part, no control characters, at most 100."""
    last = PurePath((name or "").replace("\\", "/")).name
    return "".join(char for char in last if unicodedata.category(char)[0] != "C")[:100]


# --- Stored ---------------------------------------------------------------------------------------------------


def scan_stored_name(*, folder: str, content_type: str) -> str:
    """A server-chosen name under ``folder``: random (the client's name may hold personal data,
    collide or lie) with the extension of the detected type."""
    return f"{folder}/{uuid.uuid4().hex}{EXTENSIONS[content_type]}"


# --- Stashed between a step's form and its confirmation ----------------------------------------------------------


def stash_save(upload: File[Any], *, token: str) -> str:
    """Keep a validated scan under ``pending/<token>/``; return its storage path."""
    path = scan_stored_name(folder=f"{STASH_FOLDER}/{token}", content_type=scan_type(upload).content_type)
    upload.seek(0)
    return default_storage.save(path, upload)


def stash_open(path: str, *, name: str) -> File[bytes] | None:
    """A stashed scan as a file named ``name``; None when it is gone (purged, or never there)."""
    if not path.startswith(f"{STASH_FOLDER}/"):
        return None
    try:
        with default_storage.open(path, "rb") as stored:
            return ContentFile(stored.read(), name=name)
    except FileNotFoundError:
        return None


def stash_delete(paths: Iterable[str]) -> None:
    """Delete stashed scans and the folders they leave empty."""
    folders = set()
    for path in paths:
        if path.startswith(f"{STASH_FOLDER}/"):
            default_storage.delete(path)
            folders.add(str(PurePath(path).parent))
    for folder in folders:
        _delete_if_empty(folder)


def stashes_purge(*, before: datetime.datetime) -> int:
    """Delete the stashed scans last written before ``before`` (nobody confirmed their step), and the
    folders left empty; return how many files went.

    1. List the token folders under ``pending/`` (none: nothing to do).
    2. In each, delete the files older than ``before``; a newer file keeps its folder.
    3. Delete each folder left empty."""
    try:
        folders, loose = default_storage.listdir(STASH_FOLDER)
    except FileNotFoundError:
        return 0
    removed = _delete_older(STASH_FOLDER, loose, before=before)
    for folder in folders:
        path = f"{STASH_FOLDER}/{folder}"
        removed += _delete_older(path, default_storage.listdir(path)[1], before=before)
        _delete_if_empty(path)
    return removed


def _delete_older(folder: str, names: Iterable[str], *, before: datetime.datetime) -> int:
    removed = 0
    for name in names:
        path = f"{folder}/{name}"
        if default_storage.get_modified_time(path) < before:
            default_storage.delete(path)
            removed += 1
    return removed


def _delete_if_empty(folder: str) -> None:
    try:
        subfolders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    if not subfolders and not files:
        default_storage.delete(folder)


# --- Out ----------------------------------------------------------------------------------------------------------


def scan_download_name(*, form_code: str, issued_on: datetime.date, document_id: int, content_type: str) -> str:
    """``1-knd-2025-09-05-12.pdf``: ASCII only, nothing from the client, the extension of the stored type."""
    code = slugify(form_code.replace("Đ", "D").replace("đ", "d")) or "document"
    return f"{code}-{issued_on.isoformat()}-{document_id}{EXTENSIONS.get(content_type, '.bin')}"


def document_scan_response(document: Document) -> FileResponse:
    """The scan of ``document`` for a page or an endpoint that has already scoped its candidacy (so
    another unit's answers 404 there); 404 when the document has no scan or its file is gone."""
    name = document.file.name
    if not name or not document.file.storage.exists(name):
        raise Http404
    filename = scan_download_name(form_code=document.form_code, issued_on=document.issued_on,
                                  document_id=document.pk, content_type=document.content_type)  # fmt: skip
    return scan_response(document.file, content_type=document.content_type, filename=filename)


def scan_response(file: FieldFile, *, content_type: str, filename: str) -> FileResponse:
    """A stored scan as a download that no browser will run.

    The stored (detected) type is sent; a row from before detection, with any other type, goes out
    as ``application/octet-stream``. ``nosniff`` forbids guessing another type, the sandbox policy
    forbids scripts should the file ever be displayed, ``attachment`` saves it instead of showing it,
    and ``private, no-store`` keeps personal data out of shared caches."""
    sent_type = content_type if content_type in EXTENSIONS else "application/octet-stream"
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=sent_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_store=True)
    return response

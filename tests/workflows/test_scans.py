"""Scans: what a file is comes from parsing it; sizes in MB; stashes; the served name."""

import datetime
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from tests.files import MB, jpeg_bytes, pdf_bytes, png_bytes, upload
from workflows import scans

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _refusal(data: bytes, name: str = "scan.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        scans.validate_scan(upload(name, data))
    return refused.value


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (a decompression bomb's header), CRC intact."""
    data = bytearray(png_bytes(width=1, height=1))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("don.pdf", pdf_bytes(), "application/pdf", ".pdf"),
        ("anh.jpg", jpeg_bytes(), "image/jpeg", ".jpg"),
        ("anh.png", png_bytes(), "image/png", ".png"),
        ("bang.pdf", png_bytes(), "image/png", ".png"),  # a PNG renamed .pdf is a PNG
        ("a.pdf\x00.html", pdf_bytes(), "application/pdf", ".pdf"),
        ("scan", jpeg_bytes(), "image/jpeg", ".jpg"),
    ],
    ids=["pdf", "jpeg", "png", "png-named-pdf", "nul-suffixed-pdf", "no-extension"],
)
def test_scan_type_comes_from_parsing_not_from_the_name(name, data, content_type, extension):
    found = scans.scan_type(upload(name, data, content_type="text/html"))

    assert (found.content_type, found.extension) == (content_type, extension)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7\n" + HTML, "file_unreadable"),  # the polyglot: a PDF header, then HTML
        (HTML, "file_type"),
        (pdf_bytes()[:300], "file_unreadable"),  # a truncated PDF
        (jpeg_bytes()[:400], "file_unreadable"),  # a truncated JPEG
        (png_bytes()[:-20], "file_unreadable"),  # a truncated PNG
        (b"\x89PNG\r\n\x1a\n" + HTML, "file_unreadable"),
        (b"GIF89a" + b"\0" * 40, "file_type"),
        (b"MZ\x90\x00 a program", "file_type"),
    ],
    ids=["pdf-header-then-html", "html", "truncated-pdf", "truncated-jpeg", "truncated-png", "png-header-then-html",
         "gif", "exe"],
)  # fmt: skip
def test_scan_that_is_not_a_readable_pdf_jpeg_or_png_is_refused(data, code):
    assert _refusal(data).code == code


def test_scan_pdf_with_a_password_is_refused():
    refused = _refusal(pdf_bytes(password="mat-khau"))

    assert refused.code == "file_encrypted"
    assert refused.messages == [
        "This PDF is protected by a password. Save it again without the password, then upload it."
    ]


def test_scan_image_claiming_more_pixels_than_the_limit_is_refused_as_a_bomb():
    refused = _refusal(_png_claiming(20_000, 20_000), name="bom.png")

    assert refused.code == "image_too_large"
    assert refused.messages == ["The image has more than 80 megapixels. Scan it at a lower resolution, or as PDF."]


def test_scan_over_the_limit_is_refused_with_sizes_in_mb(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10 * MB

    refused = _refusal(b"%PDF-" + b"\0" * (int(12.4 * MB) - 5))

    assert refused.code == "file_too_large"
    assert refused.messages == ["The file is too large (12.4 MB); the limit is 10 MB."]


def test_scan_over_the_limit_by_one_byte_never_reads_as_the_limit(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10 * MB

    refused = _refusal(b"%PDF-" + b"\0" * (10 * MB - 4))

    assert refused.messages == ["The file is too large (10.1 MB); the limit is 10 MB."]


def test_scan_size_message_is_translated_with_a_decimal_comma(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10 * MB

    with translation.override("vi"):
        refused = _refusal(b"%PDF-" + b"\0" * (int(12.4 * MB) - 5))
        messages = refused.messages

    assert messages == ["Tệp quá lớn (12,4 MB); giới hạn là 10 MB."]


def test_scan_is_parsed_once_however_often_it_is_asked():
    scan = upload("don.pdf", pdf_bytes())
    first = scans.scan_type(scan)
    scan.file.write(b"overwritten")  # a second parse would now fail

    assert scans.scan_type(scan) is first


def test_display_name_keeps_only_a_printable_last_part():
    assert scans.display_name("C:\\Users\\an\\a.pdf\x00.html") == "a.pdf.html"
    assert scans.display_name("../../etc/passwd") == "passwd"
    assert scans.display_name(None) == ""


def test_download_name_is_ascii_and_carries_the_stored_types_extension():
    name = scans.scan_download_name(form_code="CN-NTVĐ", issued_on=datetime.date(2025, 10, 10), document_id=42,
                                    content_type="image/png")  # fmt: skip

    assert name == "cn-ntvd-2025-10-10-42.png"
    assert scans.scan_download_name(form_code="1-KNĐ", issued_on=datetime.date(2025, 9, 5), document_id=7,
                                    content_type="text/html") == "1-knd-2025-09-05-7.bin"  # fmt: skip


def _age(path: str, hours: float) -> None:
    stamp = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(path), (stamp, stamp))


def test_stashes_purge_deletes_what_is_older_than_the_cutoff_and_keeps_the_rest(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = scans.stash_save(upload("cu.pdf", pdf_bytes()), token="a" * 32)
    new = scans.stash_save(upload("moi.png", png_bytes()), token="b" * 32)
    mixed_old = scans.stash_save(upload("cu.jpg", jpeg_bytes()), token="c" * 32)
    mixed_new = scans.stash_save(upload("moi.pdf", pdf_bytes()), token="c" * 32)
    for path in (old, mixed_old):
        _age(path, hours=25)
    _age(new, hours=23)

    removed = scans.stashes_purge(before=timezone.now() - datetime.timedelta(days=1))

    assert removed == 2
    assert sorted(default_storage.listdir("pending")[0]) == ["b" * 32, "c" * 32]
    assert [default_storage.exists(path) for path in (old, new, mixed_old, mixed_new)] == [False, True, False, True]


def test_stashes_purge_with_no_stash_folder_does_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    assert scans.stashes_purge(before=timezone.now()) == 0


def test_stash_open_refuses_a_path_outside_the_stash_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    default_storage.save("evidence/1/x.pdf", upload("x.pdf", pdf_bytes()))

    assert scans.stash_open("evidence/1/x.pdf", name="x.pdf") is None
    assert scans.stash_open("pending/gone/x.pdf", name="x.pdf") is None

"""Real scans for tests, built with the same libraries that check them: a PDF by pypdf, JPEG and PNG by Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

MB = 1024 * 1024


def pdf_bytes(*, size: int | None = None, password: str | None = None) -> bytes:
    """A one-page A4 PDF; with ``size``, padded to exactly that many bytes by an embedded file."""
    if size is None:
        return _pdf(padding=0, password=password)
    overhead = len(_pdf(padding=1000, password=password)) - 1000
    data = _pdf(padding=size - overhead, password=password)
    # The length of the stream's /Length number can shift the total by a byte or two: adjust once.
    return data if len(data) == size else _pdf(padding=size - overhead - (len(data) - size), password=password)


def _pdf(*, padding: int, password: str | None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Don xin vao Dang"})
    if padding > 0:
        writer.add_attachment("phu-luc.bin", b"\0" * padding)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def jpeg_bytes(*, width: int = 320, height: int = 240, noise: bool = False) -> bytes:
    """A JPEG; with ``noise``, one that does not compress (about 1.5 bytes a pixel at quality 95)."""
    image = Image.effect_noise((width, height), 80).convert("RGB") if noise else Image.new("RGB", (width, height))
    if not noise:
        image.paste((180, 20, 20), (0, 0, width // 2, height))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def png_bytes(*, width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)

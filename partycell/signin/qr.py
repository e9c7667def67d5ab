"""The authenticator's set-up QR code, drawn on the server as SVG (no JavaScript, no CDN)."""

import base64

import qrcode
import qrcode.image.svg


def qr_svg_data_uri(text: str) -> str:
    """A ``data:image/svg+xml`` URI of a QR code of ``text``, for an ``<img src>`` (CSP: img-src data:)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")

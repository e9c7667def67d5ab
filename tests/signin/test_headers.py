"""Issue 13, finding 10 and "Headers": a Content-Security-Policy without inline script, and a
Permissions-Policy, on every page; no template carries inline script, handlers or style attributes."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/api/v1/schema/"])
def test_pages_forbid_inline_script_and_framing(client, db, url):
    response = client.get(url)

    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_signed_in_pages_carry_the_policy(client, secretary):
    client.force_login(secretary)

    response = client.get("/")

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_permissions_policy_turns_off_camera_microphone_and_location(client, db):
    response = client.get("/accounts/login/")

    policy = response["Permissions-Policy"]
    assert "camera=()" in policy
    assert "microphone=()" in policy
    assert "geolocation=()" in policy


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"\shx-on", re.I), "hx-on handler (evaluated script)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


# Pages never served by the site, only written into a dossier ZIP and opened from disk (no policy
# applies there): their own <style> keeps them readable offline. Script stays forbidden.
OFFLINE_ONLY = {"paperwork/_dossier_style.html": {"<style> element"}}


def test_no_template_has_inline_script_handlers_or_styles():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for pattern, what in INLINE
        if what not in OFFLINE_ONLY.get(str(path.relative_to(TEMPLATES)), set())
        and pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert found == []

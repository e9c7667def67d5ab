"""The WSGI module gunicorn loads: the application answers, and what it loaded at start-up is frozen out of the
garbage collector's full collections (issue 15: a fifth of a large page's CPU went to walking it again)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, io, sys
before = gc.get_freeze_count()
from partycell.wsgi import application
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz/ready", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
           "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(b""),
           "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
statuses = []
body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
print(before, gc.get_freeze_count(), statuses[0])
"""


def test_the_wsgi_application_answers_with_django_and_its_apps_frozen_out_of_full_collections():
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )

    before, frozen, status = result.stdout.split(maxsplit=2)
    assert int(before) == 0
    assert int(frozen) > 50_000  # Django, the apps and their modules: hundreds of thousands of objects
    assert status.strip() in ("200 OK", "503 Service Unavailable")  # answered by Django, whatever the database

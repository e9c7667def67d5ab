"""Every request gets an id, returned in X-Request-ID and carried by each log line; LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from partycell.operations.logs import RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())  # as the console handler of settings.LOGGING
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.django_db
def test_each_request_gets_an_id_in_the_response_and_in_its_log_line(client):
    handler = _Collect()
    logger = logging.getLogger("partycell.request")
    logger.addHandler(handler)
    try:
        first = client.get("/accounts/login/")
        second = client.get("/accounts/login/?next=/todo/")
    finally:
        logger.removeHandler(handler)

    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert len(set(ids)) == 2 and all(len(request_id) == 32 for request_id in ids)
    assert [(r.getMessage(), r.status, r.request_id) for r in handler.records] == [
        ("GET /accounts/login/ 200", 200, ids[0]),
        ("GET /accounts/login/ 200", 200, ids[1]),
    ]
    assert all(record.duration_ms >= 0 for record in handler.records)


@pytest.mark.django_db
def test_the_proxy_request_id_is_kept_when_it_is_a_plain_token_and_replaced_otherwise(client):
    kept = client.get("/accounts/login/", HTTP_X_REQUEST_ID="f3a9c2e1-nginx")
    hostile = client.get("/accounts/login/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b" + "é" * 80)

    assert kept["X-Request-ID"] == "f3a9c2e1-nginx"
    assert hostile["X-Request-ID"] != "x" and len(hostile["X-Request-ID"]) == 32


def test_log_format_json_writes_one_json_object_per_line_with_the_request_id():
    code = (
        "import django, logging; django.setup();"
        "from partycell.operations.logs import request_id_var;"
        "request_id_var.set('req-42');"
        "logging.getLogger('partycell.test').warning('Gửi %s thư', 3, extra={'recipients': 3})"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "partycell.settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Gửi 3 thư"
    assert line["level"] == "WARNING"
    assert line["logger"] == "partycell.test"
    assert line["request_id"] == "req-42"
    assert line["recipients"] == 3
    assert "time" in line

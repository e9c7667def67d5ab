"""/healthz: what a monitor or a load balancer reads, in JSON, 200 when all is well and 503 when not."""

import datetime
import socket

import pytest
from django.utils import timezone

from partycell.operations.models import Heartbeat
from partycell.operations.tasks import task_heartbeat
from tests.factories import HeartbeatFactory, ReminderScanFactory


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def no_redis(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"


def _scan(hours_ago: float, **kwargs):
    finished = timezone.now() - datetime.timedelta(hours=hours_ago)
    return ReminderScanFactory(on=timezone.localdate(), finished_at=finished, **kwargs)


@pytest.mark.django_db
def test_healthz_is_ok_with_a_recent_whole_scan_and_no_redis_configured(client, no_redis):
    _scan(hours_ago=2)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"] == {"status": "off"}
    assert body["checks"]["beat"] == {"status": "off"}
    assert body["checks"]["reminder_scan"]["status"] == "ok"
    assert 7100 < body["checks"]["reminder_scan"]["age_seconds"] < 7300


@pytest.mark.django_db
def test_healthz_answers_503_when_no_whole_scan_finished_within_26_hours(client, no_redis):
    _scan(hours_ago=27)
    _scan(hours_ago=1, whole=False)  # one candidacy's scan after a step does not count

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["reminder_scan"]["status"] == "fail"
    assert response.json()["checks"]["reminder_scan"]["max_age_seconds"] == 26 * 3600


@pytest.mark.django_db
def test_healthz_fails_before_the_first_scan_ever_ran(client, no_redis):
    body = client.get("/healthz").json()

    assert body["checks"]["reminder_scan"] == {
        "status": "fail", "last_finished_at": None, "age_seconds": None, "max_age_seconds": 26 * 3600,
    }  # fmt: skip


@pytest.mark.django_db
def test_healthz_reports_redis_unreachable_as_503_but_readiness_stays_200(client, redis_down):
    _scan(hours_ago=1)
    HeartbeatFactory()

    full = client.get("/healthz")
    ready = client.get("/healthz/ready")

    assert full.status_code == 503
    assert full.json()["checks"]["redis"] == {"status": "fail", "error": "ConnectionError"}
    assert full.json()["checks"]["beat"]["status"] == "ok"
    assert ready.status_code == 200
    assert list(ready.json()["checks"]) == ["database"]


@pytest.mark.django_db
def test_beat_heartbeat_stamped_by_the_worker_task_is_ok_and_an_old_one_fails(client, redis_down):
    task_heartbeat.apply()
    fresh = client.get("/healthz").json()["checks"]["beat"]
    Heartbeat.objects.filter(name="beat").update(beat_at=timezone.now() - datetime.timedelta(minutes=6))
    old = client.get("/healthz").json()["checks"]["beat"]

    assert fresh["status"] == "ok"
    assert fresh["age_seconds"] < 5
    assert old["status"] == "fail"
    assert old["max_age_seconds"] == 300


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_ip_address_without_log_in_or_https_redirect(client, no_redis, settings):
    settings.ALLOWED_HOSTS = ["partycell.example.vn"]
    settings.SECURE_SSL_REDIRECT = True
    _scan(hours_ago=1)

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    page = client.get("/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert page.status_code == 400  # every other path still refuses an unknown host


@pytest.mark.django_db
def test_healthz_refuses_writes(client, no_redis):
    response = client.post("/healthz")

    assert response.status_code == 405

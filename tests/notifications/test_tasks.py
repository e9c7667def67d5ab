import datetime
import logging

import pytest
import time_machine
from django.core.management import call_command
from kombu.exceptions import OperationalError

from partycell.celery import app
from partycell.notifications.models import Notification, ReminderScan
from partycell.notifications.services import reminders_request_scan
from partycell.notifications.tasks import task_scan_reminders, task_send_digests
from tests.notifications.conftest import make_candidacy

D = datetime.date
NOON_11_JUNE = datetime.datetime(2026, 6, 11, 5, 0, tzinfo=datetime.UTC)  # 12:00 in Hanoi


def test_scan_task_records_notices_for_today(tree, secretary, deadline_rule):
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))

    with time_machine.travel(NOON_11_JUNE):
        created = task_scan_reminders.apply(kwargs={}).get()

    assert created == 1
    assert ReminderScan.objects.get().on == D(2026, 6, 11)


def test_scan_task_of_one_candidacy_scans_only_it(tree, secretary, deadline_rule):
    mine = make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))

    with time_machine.travel(NOON_11_JUNE):
        task_scan_reminders.apply(kwargs={"candidacy_id": mine.pk}).get()

    assert list(Notification.objects.values_list("candidacy_id", flat=True)) == [mine.pk]


def test_digest_task_returns_the_number_of_emails(tree, secretary, deadline_rule, mailoutbox):
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))
    with time_machine.travel(NOON_11_JUNE):
        task_scan_reminders.apply(kwargs={}).get()

    assert task_send_digests.apply().get() == 1
    assert len(mailoutbox) == 1


def test_request_scan_enqueues_only_after_commit(db, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(task_scan_reminders, "apply_async", lambda **kwargs: queued.append(kwargs))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders_request_scan(candidacy_id=7)
        assert queued == []

    assert len(callbacks) == 1
    assert queued == [{"kwargs": {"candidacy_id": 7}, "retry": False}]


def test_request_scan_with_the_broker_down_logs_and_does_not_raise(
    db, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task_scan_reminders, "apply_async", broker_down)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        reminders_request_scan()

    assert "the next scheduled scan will catch up" in caplog.text


def test_send_reminders_command_runs_the_scan_and_the_digests(tree, secretary, deadline_rule, mailoutbox, capsys):
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))

    call_command("send_reminders", "--date", "2026-06-11")
    call_command("send_reminders", "--date", "2026-06-11")

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1
    assert capsys.readouterr().out.splitlines() == [
        "2026-06-11: 1 new notices, 1 digests sent.",
        "2026-06-11: 0 new notices, 0 digests sent.",
    ]


def test_beat_schedule_runs_every_job_in_hanoi_time_with_time_limits():
    schedule = app.conf.beat_schedule

    tasks = {entry["task"] for entry in schedule.values()}
    assert tasks == {
        "notifications.scan_reminders", "notifications.send_digests", "workflows.purge_scan_stashes",
        "operations.heartbeat",
    }  # fmt: skip
    assert all(
        entry["options"]["soft_time_limit"] < entry["options"]["time_limit"] for entry in schedule.values()
    )
    # A message is redelivered only when its worker died, never while its task still runs.
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert all(entry["options"]["time_limit"] < visibility_timeout for entry in schedule.values())
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"
    assert app.conf.beat_scheduler == "partycell.operations.beat.ResilientRedBeatScheduler"


@pytest.mark.parametrize("name", ["notifications.scan_reminders", "notifications.send_digests"])
def test_tasks_are_registered_under_their_explicit_names(name):
    assert name in app.tasks

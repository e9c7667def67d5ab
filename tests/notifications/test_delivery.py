import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from partycell.notifications.delivery import notifications_send_digests, notifications_send_immediate
from partycell.notifications.models import Delivery, Notification, RuleKind
from partycell.notifications.reminders import reminders_run, reminders_scan
from partycell.notifications.services import notification_preference_set
from tests.factories import Role, UserFactory, assign_role, make_unit
from tests.notifications.conftest import make_candidacy

D = datetime.date


@pytest.fixture
def two_due(tree, secretary, deadline_rule):
    """Two candidacies of cell A due soon: two notices for its secretary."""
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))
    make_candidacy(tree.cell_a, stage="introduced", stage_due_on=D(2026, 6, 15))
    reminders_scan(on=D(2026, 6, 11))


def test_digest_sends_one_email_per_person_grouping_every_notice(two_due, tree, settings):
    settings.SITE_URL = "https://partycell.example.vn"
    settings.LANGUAGE_CODE = "en"  # e-mails are written in the site language

    sent = notifications_send_digests()

    assert sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["bithu_a@example.vn"]
    assert email.subject == "PartyCell: 2 reminders"
    candidacy_ids = sorted(Notification.objects.values_list("candidacy_id", flat=True))
    for candidacy_id in candidacy_ids:
        assert f"https://partycell.example.vn/candidacies/{candidacy_id}/" in email.body
        assert f"https://partycell.example.vn/candidacies/{candidacy_id}/" in email.alternatives[0][0]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_digest_run_twice_sends_nothing_new(two_due):
    notifications_send_digests()

    assert notifications_send_digests() == 0
    assert len(mail.outbox) == 1


def test_digest_skips_people_who_chose_immediate_emails(two_due, secretary):
    notification_preference_set(user=secretary, delivery=Delivery.IMMEDIATE)

    assert notifications_send_digests() == 0
    assert notifications_send_immediate() == 2
    assert [email.to for email in mail.outbox] == [["bithu_a@example.vn"], ["bithu_a@example.vn"]]


def test_immediate_preference_sends_one_email_per_notice_right_after_the_scan(tree, secretary, deadline_rule):
    notification_preference_set(user=secretary, delivery=Delivery.IMMEDIATE)
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))

    reminders_run(on=D(2026, 6, 11))
    reminders_run(on=D(2026, 6, 11))

    assert len(mail.outbox) == 2
    assert all(len(email.alternatives) == 1 for email in mail.outbox)


def test_recipient_without_email_gets_the_in_app_notice_only(tree, deadline_rule):
    no_email = UserFactory(username="bithu_khong_email", email="")
    assign_role(no_email, Role.CELL_SECRETARY, tree.cell_a)
    make_candidacy(tree.cell_a, stage="verified", stage_due_on=D(2026, 6, 12))

    reminders_scan(on=D(2026, 6, 11))
    sent = notifications_send_digests()

    assert sent == 0
    assert mail.outbox == []
    assert list(no_email.notifications.values_list("kind", flat=True)) == [RuleKind.UPCOMING_DEADLINE]


def test_failed_email_is_released_and_retried_next_run(two_due, monkeypatch):
    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", smtp_down)
    assert notifications_send_digests() == 0
    assert Notification.objects.filter(email_claim="", emailed_at__isnull=True).count() == 2

    monkeypatch.undo()
    assert notifications_send_digests() == 1
    assert len(mail.outbox) == 1


def test_claimed_notices_are_not_sent_by_a_second_worker(two_due):
    # Another worker claimed them a minute ago and is sending right now.
    Notification.objects.update(email_claim="other-worker", email_claimed_at=datetime.datetime.now(datetime.UTC))

    assert notifications_send_digests() == 0
    assert mail.outbox == []


def test_claims_of_a_dead_worker_expire_after_the_lease(two_due):
    Notification.objects.update(
        email_claim="dead-worker", email_claimed_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    )

    assert notifications_send_digests() == 1


class CountingBackend(BaseEmailBackend):
    """Opens a connection when sending without one, as Django's SMTP backend does, and counts them."""

    opened = 0
    connected = False

    def open(self):
        if self.connected:
            return False
        CountingBackend.opened += 1
        self.connected = True
        return True

    def close(self):
        self.connected = False

    def send_messages(self, messages):
        new_connection = self.open()
        mail.outbox.extend(messages)
        if new_connection:  # Django's SMTP backend closes a connection it opened for one call
            self.close()
        return len(messages)


def _secretaries_with_a_notice_each(tree, count: int) -> None:
    for number in range(count):
        user = UserFactory(username=f"bithu_{number}")
        assign_role(user, Role.CELL_SECRETARY, make_unit("subordinate_cell", parent=tree.grassroots))
        make_candidacy(user.role_assignments.get().unit, stage="verified", stage_due_on=D(2026, 6, 12))
    reminders_scan(on=D(2026, 6, 11))


def test_digests_go_out_in_batches_over_one_smtp_connection(tree, deadline_rule, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.CountingBackend"
    CountingBackend.opened = 0
    _secretaries_with_a_notice_each(tree, 5)

    sent = notifications_send_digests(batch_recipients=2)

    assert sent == 5
    assert sorted(email.to[0] for email in mail.outbox) == [f"bithu_{n}@example.vn" for n in range(5)]
    assert CountingBackend.opened == 1
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_batch_whose_every_email_fails_ends_the_run_and_keeps_the_rest_for_the_next(tree, deadline_rule, monkeypatch):
    _secretaries_with_a_notice_each(tree, 5)
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", lambda *a, **k: 1 / 0)

    assert notifications_send_digests(batch_recipients=2) == 0
    assert Notification.objects.filter(email_claim="", emailed_at__isnull=True).count() == 5

    monkeypatch.undo()
    assert notifications_send_digests(batch_recipients=2) == 5

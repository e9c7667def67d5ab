"""E-mail delivery of recorded notices: immediately, or as one daily digest per person.

Rows are claimed with a compare-and-swap update before sending (healthchecks' pattern): the update
only matches rows nobody has claimed, or whose claim is older than ``CLAIM_LEASE`` (a worker that
died mid-send). Two workers therefore never send the same notice; a failed send releases the claim
so the next run retries; a worker killed between sending and stamping ``emailed_at`` is the only
case that can send twice, after the lease.

Digests go out ``BATCH_RECIPIENTS`` people at a time: claim their notices, render their e-mails
from templates loaded once, send them over one SMTP connection kept open for the whole run, stamp
them. A batch takes seconds, far inside the lease, so a claim is never taken over while its worker
is still sending; a killed worker's batch is picked up ``CLAIM_LEASE`` later by the next run (the
broker redelivers the killed task after ``CELERY_VISIBILITY_TIMEOUT``, 6 minutes).
"""

import datetime
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q
from django.utils import timezone

from partycell.notifications.emails import TemplatedEmail
from partycell.notifications.models import Delivery, Notification, NotificationQuerySet

logger = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=5)
BATCH_RECIPIENTS = 200


def _claimable(now: datetime.datetime) -> Q:
    return Q(email_claim="") | Q(email_claimed_at__lt=now - CLAIM_LEASE)


def _claim(queryset: NotificationQuerySet) -> tuple[str, int]:
    """Claim the unclaimed rows of ``queryset`` with a fresh token; return it and how many rows were taken."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = queryset.awaiting_email().filter(_claimable(now)).update(email_claim=token, email_claimed_at=now)
    return token, claimed


def _claimed_rows(token: str) -> Iterator[Notification]:
    return (
        Notification.objects.filter(email_claim=token)
        .select_related("recipient", "candidacy__person", "candidacy__cell", "unit")
        .order_by("recipient_id", "due_on", "id")
        .iterator(chunk_size=500)
    )


def _reopen(connection: BaseEmailBackend) -> None:
    """Open ``connection`` for the sends that follow (Django's SMTP backend otherwise opens and closes a
    connection per message); if that fails, each send tries on its own and fails as it must."""
    connection.close()
    try:
        connection.open()
    except Exception:  # the server is down: the sends report it, one by one
        logger.warning("Could not open the e-mail connection.", exc_info=True)


@contextmanager
def _smtp() -> Iterator[BaseEmailBackend]:
    """One connection for a whole run; opened again after a failed send."""
    connection = get_connection()
    _reopen(connection)
    try:
        yield connection
    finally:
        connection.close()


def _send_claimed(token: str, *, email: TemplatedEmail, connection: BaseEmailBackend, one_per_notice: bool) -> int:
    """Send the rows claimed with ``token`` (one e-mail per recipient, or per notice); stamp the sent
    ones and release the rest. Returns the e-mails sent."""
    sent_ids: list[int] = []
    failed_ids: list[int] = []
    messages = 0
    groups = (
        (([notice] for notice in _claimed_rows(token)))
        if one_per_notice
        else (list(notices) for _recipient, notices in groupby(_claimed_rows(token), key=lambda n: n.recipient_id))
    )
    for notices in groups:
        recipient = notices[0].recipient
        ids = [notice.pk for notice in notices]
        try:
            email.build(
                to=recipient.email, context={"recipient": recipient, "notices": notices}, connection=connection
            ).send()
        except Exception:  # SMTP down, bad address...: keep the notices for the next run
            logger.exception("Could not e-mail %s notices to user %s.", len(notices), recipient.pk)
            failed_ids += ids
            _reopen(connection)
            continue
        sent_ids += ids
        messages += 1
    if sent_ids:
        Notification.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())
    if failed_ids:
        Notification.objects.filter(pk__in=failed_ids).update(email_claim="", email_claimed_at=None)
    return messages


def notifications_send_immediate() -> int:
    """E-mail each pending notice of people who chose immediate delivery, one e-mail per notice."""
    token, claimed = _claim(
        Notification.objects.filter(recipient__notification_preference__delivery=Delivery.IMMEDIATE)
    )
    if not claimed:
        return 0
    with _smtp() as connection:
        return _send_claimed(token, email=TemplatedEmail("notification"), connection=connection, one_per_notice=True)


def notifications_send_digests(*, batch_recipients: int = BATCH_RECIPIENTS) -> int:
    """E-mail everyone else one digest grouping all their pending notices; return the e-mails sent.

    Run once a day by beat; running it again the same day sends only what arrived in between. A
    batch in which every e-mail failed (the SMTP server is down) ends the run; the next run retries.
    """
    pending = Notification.objects.exclude(recipient__notification_preference__delivery=Delivery.IMMEDIATE)
    email = TemplatedEmail("digest")
    sent = 0
    with _smtp() as connection:
        while True:
            recipients = list(
                pending.awaiting_email()
                .filter(_claimable(timezone.now()))
                .order_by("recipient_id")
                .values_list("recipient_id", flat=True)
                .distinct()[:batch_recipients]
            )
            if not recipients:
                return sent
            token, claimed = _claim(pending.filter(recipient_id__in=recipients))
            if not claimed:  # another worker claimed them first: look again
                continue
            batch_sent = _send_claimed(token, email=email, connection=connection, one_per_notice=False)
            sent += batch_sent
            if not batch_sent:
                logger.warning("No digest of a batch of %s people could be sent; stopping this run.", len(recipients))
                return sent

"""E-mail delivery of recorded notices: immediately, or as one daily digest per person.

Rows are claimed with a compare-and-swap update before sending (healthchecks' pattern): the update
only matches rows nobody has claimed, or whose claim is older than ``CLAIM_LEASE`` (a worker that
died mid-send). Two workers therefore never send the same notice; a failed send releases the claim
so the next run retries; a worker killed between sending and stamping ``emailed_at`` is the only
case that can send twice, after the lease.
"""

import datetime
import logging
import uuid
from collections.abc import Iterator
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from partycell.notifications.emails import send_templated_email
from partycell.notifications.models import Delivery, Notification, NotificationQuerySet

logger = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=30)


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


def _send(notices: list[Notification], *, template: str) -> bool:
    """Send one e-mail about ``notices`` (all for one recipient); stamp them, or release them on failure."""
    recipient = notices[0].recipient
    ids = [notice.pk for notice in notices]
    try:
        send_templated_email(
            template=template, to=recipient.email, context={"recipient": recipient, "notices": notices}
        )
    except Exception:  # SMTP down, bad address...: keep the notices for the next run
        logger.exception("Could not e-mail %s notices to user %s.", len(notices), recipient.pk)
        Notification.objects.filter(pk__in=ids).update(email_claim="", email_claimed_at=None)
        return False
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return True


def notifications_send_immediate() -> int:
    """E-mail each pending notice of people who chose immediate delivery, one e-mail per notice."""
    token, claimed = _claim(
        Notification.objects.filter(recipient__notification_preference__delivery=Delivery.IMMEDIATE)
    )
    if not claimed:
        return 0
    return sum(_send([notice], template="notification") for notice in _claimed_rows(token))


def notifications_send_digests() -> int:
    """E-mail everyone else one digest grouping all their pending notices; return the e-mails sent.

    Run once a day by beat; running it again the same day sends only what arrived in between.
    """
    token, claimed = _claim(
        Notification.objects.exclude(recipient__notification_preference__delivery=Delivery.IMMEDIATE)
    )
    if not claimed:
        return 0
    sent = 0
    for _recipient_id, notices in groupby(_claimed_rows(token), key=lambda notice: notice.recipient_id):
        sent += _send(list(notices), template="digest")
    return sent

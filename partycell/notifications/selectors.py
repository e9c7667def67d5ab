"""Reads of notifications. A person only ever sees their own: another person's id simply 404s."""

from django.db.models import QuerySet

from partycell.accounts.models import User
from partycell.notifications.models import Delivery, Notification, NotificationPreference


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("candidacy__person", "candidacy__cell", "unit")


def notification_unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


def notification_delivery_for(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.delivery if preference else Delivery.DIGEST

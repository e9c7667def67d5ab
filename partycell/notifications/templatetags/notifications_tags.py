from django import template
from django.template import Context

from partycell.notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: Context) -> int:
    """The bell's number: one COUNT query on an indexed column, only on pages that show the bell."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return notification_unread_count(user) if user is not None else 0

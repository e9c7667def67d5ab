"""Template helpers of the web pages."""

import datetime

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from partycell.accounts.models import User
from partycell.selectors import user_edits_anything
from workflows import gate, rules
from workflows.models import Candidacy

register = template.Library()


@register.simple_tag
def may_edit_anything(user: User | AnonymousUser) -> bool:
    """Whether the user holds any role that may change data (auditors hold none)."""
    return isinstance(user, User) and user_edits_anything(user)  # a User is authenticated, an anonymous one not


@register.simple_tag
def may_search_access_log(user: User | AnonymousUser) -> bool:
    """Whether the user may search the access log (administrators, auditors)."""
    from partycell.privacy.selectors import user_may_search_access_log

    return isinstance(user, User) and user_may_search_access_log(user)


@register.filter
def is_overdue(candidacy: Candidacy, today: datetime.date) -> bool:
    return rules.is_overdue(candidacy, today)


@register.simple_tag(takes_context=True)
def may_take(context: dict, candidacy: Candidacy, action: str) -> bool:
    """The gate's "is this step the user's, on this case, today" (for links to keep-stage actions)."""
    user = context["request"].user
    return not gate.refusals(user=user, candidacy=candidacy, action=action, on=timezone.localdate())

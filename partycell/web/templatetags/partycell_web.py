"""Template helpers of the web pages."""

from django import template

from partycell.selectors import user_edits_anything
from workflows import rules

register = template.Library()


@register.simple_tag
def may_edit_anything(user) -> bool:
    """Whether the user holds any role that may change data (auditors hold none)."""
    return user.is_authenticated and user_edits_anything(user)


@register.filter
def is_overdue(candidacy, today) -> bool:
    return rules.is_overdue(candidacy, today)

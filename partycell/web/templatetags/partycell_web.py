"""Template helpers of the web pages."""

import datetime
import functools

from django import template
from django.contrib.auth.models import AnonymousUser
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from partycell.accounts.models import User
from partycell.selectors import user_edits_anything
from workflows import gate, rules
from workflows.models import Candidacy

register = template.Library()

# An id no row has, reversed once per URL name and then replaced by each row's id (``url_for_id``).
_ANY_ID = 2_147_483_647
_reversed_once: dict[tuple[str, tuple[str, ...], str, str | None], str] = {}


@register.simple_tag
def url_for_id(name: str, pk: int, *words: str) -> str:
    """``{% url name pk word... %}`` for a URL taking one integer id (and, after it, words from a fixed
    set, such as a step's name): the same address, for long tables and lists.

    Django's ``reverse`` costs tens of microseconds; a table of a thousand cases with two links a row
    (the compliance audit) spent a third of its rendering there. ``name`` is reversed once per set of
    words (per URL configuration and script prefix), and each id replaces the placeholder id.
    """
    if not isinstance(pk, int) or isinstance(pk, bool) or not all(isinstance(word, str) for word in words):
        return reverse(name, args=[pk, *words])
    key = (name, words, get_script_prefix(), get_urlconf())
    if key not in _reversed_once:
        _reversed_once[key] = reverse(name, args=[_ANY_ID, *words])
    return _reversed_once[key].replace(str(_ANY_ID), str(pk))


# The date format letters ``short_date`` writes itself, as Django's ``dateformat`` writes them.
_DATE_LETTERS = {"d": "{0.day:02d}", "j": "{0.day}", "m": "{0.month:02d}", "n": "{0.month}", "Y": "{0.year:04d}"}


@functools.lru_cache(maxsize=16)
def _date_pattern(django_format: str) -> str | None:
    """``"d/m/Y"`` as ``"{0.day:02d}/{0.month:02d}/{0.year:04d}"``; None for any other letter or an escape."""
    pattern = []
    for character in django_format:
        if character in _DATE_LETTERS:
            pattern.append(_DATE_LETTERS[character])
        elif character.isalpha() or character == "\\":
            return None
        else:
            pattern.append(character.replace("{", "{{").replace("}", "}}"))
    return "".join(pattern)


@register.filter(is_safe=False)
def short_date(value: datetime.date | str | None) -> str:
    """``{{ value|date:"SHORT_DATE_FORMAT" }}`` for long tables: the same text.

    Django's ``date`` filter costs tens of microseconds (a ``DateFormat`` and a regular expression per
    value); a day, month and year (our formats, ``partycell.formats``) are written here directly, in the
    language's format. Anything else (a datetime, another format letter) goes to Django's filter."""
    if type(value) is datetime.date:
        pattern = _date_pattern(get_format("SHORT_DATE_FORMAT"))
        if pattern is not None:
            return pattern.format(value)
    return date_filter(value, "SHORT_DATE_FORMAT")


@register.simple_tag(takes_context=True)
def stage_badge(context: template.Context, candidacy: Candidacy) -> SafeString:
    """A case's stage badge, and "Overdue" beside it when it is (``today`` from the context; without it,
    no "Overdue"). The one place its markup is written: ``web/_stage_badge.html`` is this tag, and long
    tables call the tag directly rather than include a template per row."""
    badge = format_html('<span class="badge stage-{}">{}</span>', candidacy.stage, candidacy.get_stage_display())
    today = context.get("today")
    if today is None or not rules.is_overdue(candidacy, today):
        return badge
    return format_html('{} <span class="badge overdue">{}</span>', badge, gettext("Overdue"))


@register.simple_tag
def may_edit_anything(user: User | AnonymousUser) -> bool:
    """Whether the user holds any role that may change data (auditors hold none)."""
    return isinstance(user, User) and user_edits_anything(user)  # a User is authenticated, an anonymous one not


@register.simple_tag
def may_search_access_log(user: User | AnonymousUser) -> bool:
    """Whether the user may search the access log (administrators, auditors)."""
    from partycell.privacy.selectors import user_may_search_access_log

    return isinstance(user, User) and user_may_search_access_log(user)


@register.simple_tag(takes_context=True)
def may_take(context: dict, candidacy: Candidacy, action: str) -> bool:
    """The gate's "is this step the user's, on this case, today" (for links to keep-stage actions)."""
    user = context["request"].user
    return not gate.refusals(user=user, candidacy=candidacy, action=action, on=timezone.localdate())

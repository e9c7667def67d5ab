"""The pickers' choices as the user types (htmx): the same partials the pages render."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.privacy.access import log_access
from partycell.web import pickers, unit_field
from partycell.web.selectors import units_matching
from partycell.web.views.actions import editable_candidacy


@login_required
@require_GET
def picker(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    if name == pickers.UNIT:
        text = request.GET.get(f"{pickers.UNIT}{pickers.TEXT}", "").strip()
        chosen = None if text else pickers.chosen_unit(request)  # cleared text: back to below the chosen unit
        choices, more, searched = pickers.unit_choices(request, chosen=chosen)
    elif name == pickers.MENTOR:
        choices, more, searched = pickers.mentor_choices(request)
        if searched:  # members' names shown: recorded like a list's search
            log_access(user=request.user, person_ids=[], what="mentor picker", request=request)
    else:
        raise Http404
    context = {"name": name, "choices": choices, "more": more, "searched": searched}
    return render(request, "web/_picker_choices.html", context)


@login_required
@require_GET
def mentor_pick(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The party members the mentor-assign page offers for a search (403 for those who only read)."""
    candidacy = editable_candidacy(request, pk)
    choices, more, searched = pickers.member_choices(request, candidacy)
    if searched:
        log_access(user=request.user, person_ids=[], what="member picker", request=request)
    context = {"name": pickers.MENTOR, "choices": choices, "more": more, "searched": searched}
    return render(request, "web/_picker_choices.html", context)


_FIELD_NAME = re.compile(r"[a-z][a-z_]{0,39}")


@login_required
@require_GET
def unit_search(request: AuthenticatedHttpRequest, search: str) -> HttpResponse:
    """The units a form's unit search offers as the user types (``partycell.web.unit_field``): radios named
    after the form's field, from the same selector the form validates against."""
    units_for = unit_field.SEARCHES.get(search)
    name = request.GET.get("name", "")
    if units_for is None or not _FIELD_NAME.fullmatch(name):
        raise Http404
    picked = units_matching(units_for(request.user), request.GET.get(f"{name}{unit_field.TEXT}", ""))
    context = {"name": name, "choices": picked.choices, "more": picked.more, "searched": True}
    return render(request, "web/_unit_search_choices.html", context)

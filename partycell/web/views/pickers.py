"""The pickers' choices as the user types (htmx): the same partial the candidate list renders."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.privacy.access import log_access
from partycell.web import pickers
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

"""The pickers' choices as the user types (htmx): the same partial the candidate list renders."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.web import pickers


@login_required
@require_GET
def picker(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    if name == pickers.UNIT:
        choices, more, searched = pickers.unit_choices(request)
    elif name == pickers.MENTOR:
        choices, more, searched = pickers.mentor_choices(request)
    else:
        raise Http404
    context = {"name": name, "choices": choices, "more": more, "searched": searched}
    return render(request, "web/_picker_choices.html", context)

"""Việc cần làm: what awaits the user's action, overdue first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.privacy.access import log_access
from partycell.web.exports import CANDIDACY_COLUMNS, for_user, xlsx_response
from partycell.web.selectors import todo_for, todo_list

PAGE_SIZE = 25


@login_required
def todo(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidacies, waiting = todo_list(request.user)
    page = Paginator(candidacies, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(candidacy, waiting.steps_for(candidacy)) for candidacy in page]
    return render(request, "web/todo.html", {"page": page, "items": items, "today": timezone.localdate()})


@login_required
def todo_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidacies = todo_for(request.user)
    log_access(user=request.user, person_ids=candidacies.values_list("person_id", flat=True), what="to-do export",
               request=request)  # fmt: skip
    return xlsx_response(candidacies, for_user(CANDIDACY_COLUMNS, request.user), name="viec-can-lam")

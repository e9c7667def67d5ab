"""Home page and the register of people."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.people.models import PersonQuerySet
from partycell.privacy.access import log_access
from partycell.selectors import people_visible_to, role_assignments_of, user_edits_anything, user_may_edit_unit
from partycell.web.exports import PEOPLE_COLUMNS, for_user, xlsx_response
from partycell.web.selectors import person_corrections, todo_list

PAGE_SIZE = 25


HOME_ITEMS = 10


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's work: what waits for them, most urgent first; an auditor's is the targets dashboard."""
    if not user_edits_anything(request.user):
        if role_assignments_of(request.user):
            return redirect("targets:home")
        return render(request, "web/home.html", {"assignments": [], "items": [], "count": 0})
    candidacies, waiting = todo_list(request.user)
    items = [(candidacy, waiting.steps_for(candidacy)) for candidacy in candidacies[:HOME_ITEMS]]
    context = {
        "assignments": role_assignments_of(request.user),
        "items": items,
        "count": candidacies.count(),
        "today": timezone.localdate(),
    }
    return render(request, "web/home.html", context)


def _people(request: AuthenticatedHttpRequest) -> tuple[str, PersonQuerySet]:
    query = request.GET.get("q", "")
    return query, people_visible_to(request.user).search(query).select_related("unit").in_vietnamese_order()


@login_required
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query, people = _people(request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(user=request.user, person_ids=[], what="people list", request=request)
    return render(request, "web/person_list.html", {"page": page, "query": query})


@login_required
def person_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _query, people = _people(request)
    log_access(user=request.user, person_ids=people.values_list("pk", flat=True), what="people export", request=request)
    return xlsx_response(people, for_user(PEOPLE_COLUMNS, request.user), name="danh-sach-nguoi")


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    log_access(user=request.user, person_ids=[person.pk], what="person page", request=request)
    context = {
        "person": person,
        "may_edit": user_may_edit_unit(request.user, person.unit),
        "corrections": person_corrections(person),
    }
    return render(request, "web/person_detail.html", context)

"""The access log page, a person's data on request, and the privacy notice."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.privacy.access import log_access
from partycell.privacy.forms import AccessLogSearchForm
from partycell.privacy.models import AccessLogPerson
from partycell.privacy.selectors import access_log_search, access_log_visible_to, user_may_search_access_log
from partycell.privacy.subject_export import ENCODER, person_data
from partycell.selectors import people_visible_to

PAGE_SIZE = 50


@login_required
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who viewed or exported whose record: administrators and auditors, over their subtree."""
    if not user_may_search_access_log(request.user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    entries = access_log_visible_to(request.user)
    if form.is_valid():
        entries = access_log_search(entries, **form.cleaned_data)
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # The people each entry showed, named only where the reader may see them (one query for the page).
    visible = people_visible_to(request.user)
    shown: dict[int, list] = {}
    for link in AccessLogPerson.objects.filter(entry__in=[e.pk for e in page], person__in=visible).select_related(
        "person"
    ):
        shown.setdefault(link.entry_id, []).append(link.person)
    rows = [(entry, shown.get(entry.pk, [])) for entry in page]
    return render(request, "privacy/access_log.html", {"form": form, "page": page, "rows": rows})


@login_required
def person_data_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything held on a person, as JSON, for their request; by those who may edit their record."""
    person = get_object_or_404(people_visible_to(request.user, editing=True).select_related("unit"), pk=pk)
    body = json.dumps(person_data(person), cls=ENCODER, ensure_ascii=False, indent=2)
    log_access(user=request.user, person_ids=[person.pk], what="personal data export", request=request)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"du-lieu-ca-nhan-{person.pk}.json")
    return response

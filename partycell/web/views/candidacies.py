"""The candidate list and the candidate page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from partycell.web.exports import CANDIDACY_COLUMNS, xlsx_response
from partycell.web.filters import CandidacyFilter
from partycell.web.selectors import candidacy_list as candidacy_list_selector
from partycell.web.selectors import candidacy_timeline, user_may_edit, with_overdue_rank

PAGE_SIZE = 25


def _filtered(request) -> CandidacyFilter:
    candidacies = with_overdue_rank(candidacy_list_selector(request.user), today=timezone.localdate())
    return CandidacyFilter(request.GET or None, queryset=candidacies, request=request)


@login_required
def candidacy_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/candidacy_list.html", {"filter": filterset, "page": page})


@login_required
def candidacy_export(request):
    return xlsx_response(_filtered(request).qs, CANDIDACY_COLUMNS, filename="ho-so.xlsx")


@login_required
def candidacy_detail(request, pk: int):
    candidacy = get_object_or_404(candidacy_list_selector(request.user), pk=pk)
    context = {
        "candidacy": candidacy,
        "person": candidacy.person,
        "timeline": candidacy_timeline(candidacy),
        "may_edit": user_may_edit(request.user, candidacy.cell),
        "today": timezone.localdate(),
    }
    return render(request, "web/candidacy_detail.html", context)

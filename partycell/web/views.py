"""Pages. Thin: parse input, call a selector or service, pick a response."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from partycell.selectors import people_visible_to


@login_required
def home(request):
    assignments = request.user.role_assignments.select_related("unit", "unit__kind")
    return render(request, "web/home.html", {"assignments": assignments})


@login_required
def person_list(request):
    query = request.GET.get("q", "")
    people = people_visible_to(request.user).search(query).select_related("unit").in_vietnamese_order()
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    return render(request, "web/person_list.html", {"page": page, "query": query})


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    return render(request, "web/person_detail.html", {"person": person})

"""Home page and the register of people."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from partycell.selectors import people_visible_to, user_may_edit_unit
from partycell.web.exports import PEOPLE_COLUMNS, xlsx_response
from partycell.web.selectors import person_corrections

PAGE_SIZE = 25


@login_required
def home(request):
    assignments = request.user.role_assignments.select_related("unit", "unit__kind")
    return render(request, "web/home.html", {"assignments": assignments})


def _people(request):
    query = request.GET.get("q", "")
    return query, people_visible_to(request.user).search(query).select_related("unit").in_vietnamese_order()


@login_required
def person_list(request):
    query, people = _people(request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/person_list.html", {"page": page, "query": query})


@login_required
def person_export(request):
    _query, people = _people(request)
    return xlsx_response(people, PEOPLE_COLUMNS, filename="nguoi.xlsx")


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    context = {
        "person": person,
        "may_edit": user_may_edit_unit(request.user, person.unit),
        "corrections": person_corrections(person),
    }
    return render(request, "web/person_detail.html", context)

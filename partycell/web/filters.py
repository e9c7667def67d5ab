"""List filters (django-filter). Every choice is itself scoped to what the user may see.

The unit and the mentor are ids in hidden inputs, checked against the scope (one query each when
given); the pages choose them with on-demand pickers (``partycell.web.pickers``), never with a list
of every unit or member in scope.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.organisations.models import Unit
from partycell.people.models import Person, PersonQuerySet
from partycell.people.vietnamese import fold
from partycell.selectors import units_visible_to
from partycell.web.selectors import mentors_visible_to
from partycell.web.widgets import ListSelect
from workflows.enums import Stage
from workflows.models import Candidacy, Mentorship
from workflows.rules import overdue_q


def _visible_units(request: AuthenticatedHttpRequest) -> QuerySet[Unit]:
    return units_visible_to(request.user).order_by("path")


def _visible_mentors(request: AuthenticatedHttpRequest) -> PersonQuerySet:
    return mentors_visible_to(request.user)


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 10, -1)]


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A unit and its whole subtree."""

    def filter(self, qs: QuerySet, value: Unit | None) -> QuerySet:
        if not value:
            return qs
        return qs.filter(value.subtree_filter(field=f"{self.field_name}__"))


class CandidacyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search by name or citizen ID"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    unit = UnitChoiceFilter(
        field_name="cell", label=_("Party organisation"), queryset=_visible_units, widget=forms.HiddenInput
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("All stages"), widget=ListSelect
    )
    year = django_filters.ChoiceFilter(
        field_name="created_at__year",
        label=_("Year registered"),
        choices=_year_choices,
        empty_label=_("All years"),
        widget=ListSelect,
    )
    mentor = django_filters.ModelChoiceFilter(
        label=_("Helper or introducer"), queryset=_visible_mentors, method="filter_mentor", widget=forms.HiddenInput
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = Candidacy
        fields = ["q", "unit", "stage", "mentor", "year", "overdue"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The same semantics as Person.objects.search, through the candidacy's person.
        people = Person.objects.search(value)
        if not fold(value):
            return queryset
        return queryset.filter(person__in=people)

    def filter_mentor(self, queryset: QuerySet, name: str, value: Person | None) -> QuerySet:
        if value is None:
            return queryset
        # A subquery rather than a join: one candidacy per row however many mentorships match.
        current = Mentorship.objects.filter(mentor=value, ended_on__isnull=True)
        return queryset.filter(pk__in=current.values("candidacy"))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(overdue_q(timezone.localdate()))

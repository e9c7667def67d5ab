"""Query-string filters of the list endpoints."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partycell.organisations.models import Unit
from workflows.enums import Stage
from workflows.models import Candidacy
from workflows.rules import overdue_q


class CandidacyFilter(django_filters.FilterSet):
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, label=_("stage"))
    unit = django_filters.NumberFilter(method="filter_unit", label=_("party organisation (with its subtree)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("current step overdue"))

    class Meta:
        model = Candidacy
        fields = ["stage", "unit", "overdue"]

    def filter_unit(self, queryset: QuerySet[Candidacy], name: str, value: int) -> QuerySet[Candidacy]:
        # The queryset is already scoped, so a unit outside the user's scope simply yields nothing.
        path = Unit.objects.filter(pk=value).values_list("path", flat=True).first()
        if path is None:
            return queryset.none()
        return queryset.filter(cell__path__startswith=path)

    def filter_overdue(self, queryset: QuerySet[Candidacy], name: str, value: bool) -> QuerySet[Candidacy]:
        overdue = overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

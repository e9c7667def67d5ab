from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from partycell.people.models import Membership, Person, PersonQuerySet


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("cell",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "date_of_birth", "sex", "citizen_id", "unit")
    list_filter = ("sex", "education_level", "occupation", "sector", "is_youth_union_member")
    search_fields = ("full_name", "search_name", "citizen_id")
    autocomplete_fields = ("unit",)
    inlines = [MembershipInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        # Diacritic-insensitive, like everywhere else in PartyCell. The admin's querysets (change list and
        # autocomplete) come from Person's default manager, so they are PersonQuerySets.
        return cast(PersonQuerySet, queryset).search(search_term), False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "cell", "status", "admission_decision_date", "recognition_date")
    list_filter = ("status",)
    search_fields = ("person__search_name", "person__citizen_id")
    autocomplete_fields = ("person", "cell")

from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from partycell.people.models import Membership, Person, PersonChange, PersonQuerySet


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


@admin.register(PersonChange)
class PersonChangeAdmin(admin.ModelAdmin):
    """Corrections of people's records: read only, as they are an audit trail."""

    list_display = ("person", "changed_at", "changed_by", "citizen_id_changed")
    list_filter = ("citizen_id_changed",)
    search_fields = ("person__full_name", "reason")
    readonly_fields = ("person", "changed_by", "changed_at", "reason", "changes", "citizen_id_changed")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

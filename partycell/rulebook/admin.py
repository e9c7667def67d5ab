from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partycell.rulebook.calendar import public_holiday_name
from partycell.rulebook.models import CalendarDay, Rule

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class InForceFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> "list[tuple[str, StrPromise]]":
        return [("open", _("Still in force (no end date)")), ("closed", _("Closed"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Rule]) -> QuerySet[Rule]:
        if self.value() == "open":
            return queryset.filter(effective_to__isnull=True)
        if self.value() == "closed":
            return queryset.filter(effective_to__isnull=False)
        return queryset


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """Rule versions. To adopt a new regulation, close the old version and add a new one."""

    list_display = ("rule_id", "value", "unit", "regulation", "effective_from", "effective_to", "confidence")
    list_filter = (InForceFilter, "regulation", "confidence", "unit", "value_type")
    search_fields = ("rule_id", "regulation", "description", "value")
    readonly_fields = ("updated_at",)
    # "Save as new" copies a version, so an administrator can add the next one from the current one.
    save_as = True
    save_as_continue = False
    fieldsets = (
        (None, {"fields": ("rule_id", "regulation", ("effective_from", "effective_to"))}),
        (_("Value"), {"fields": (("value_type", "value", "unit"), "confidence")}),
        (_("Documentation"), {"fields": ("description", "source", "updated_at")}),
    )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "reason", "holiday")
    list_filter = ("kind",)
    search_fields = ("reason",)
    date_hierarchy = "date"

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return date_format(obj.date, "l")

    @admin.display(description=_("public holiday"))
    def holiday(self, obj: CalendarDay) -> str:
        return public_holiday_name(obj.date) or "—"

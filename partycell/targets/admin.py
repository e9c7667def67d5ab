from django.contrib import admin
from django.http import HttpRequest

from partycell.targets.models import Period, Target, TargetChange


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]


class TargetChangeInline(admin.TabularInline):
    model = TargetChange
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "changed_at", "reason", "before", "after"]

    def has_add_permission(self, request: HttpRequest, obj: Target | None = None) -> bool:
        return False


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Read-only here: targets change through the targets pages, which require a reason."""

    list_display = ["unit", "period", "kind", "dimension", "basis", "amount"]
    list_filter = ["period", "kind", "dimension", "basis"]
    search_fields = ["unit__name", "unit__code"]
    inlines = [TargetChangeInline]

    def has_change_permission(self, request: HttpRequest, obj: Target | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(TargetChange)
class TargetChangeAdmin(admin.ModelAdmin):
    """The history, read only: it is append-only."""

    list_display = ["target", "action", "actor", "changed_at", "reason"]
    list_filter = ["action"]
    readonly_fields = ["target", "action", "actor", "changed_at", "reason", "before", "after"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TargetChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TargetChange | None = None) -> bool:
        return False

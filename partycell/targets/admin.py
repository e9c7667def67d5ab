from django.contrib import admin

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

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Read-only here: targets change through the targets pages, which require a reason."""

    list_display = ["unit", "period", "kind", "dimension", "basis", "amount"]
    list_filter = ["period", "kind", "dimension", "basis"]
    search_fields = ["unit__name", "unit__code"]
    inlines = [TargetChangeInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TargetChange)
class TargetChangeAdmin(admin.ModelAdmin):
    """The history, read only: it is append-only."""

    list_display = ["target", "action", "actor", "changed_at", "reason"]
    list_filter = ["action"]
    readonly_fields = ["target", "action", "actor", "changed_at", "reason", "before", "after"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

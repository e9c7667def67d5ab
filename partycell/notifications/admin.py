from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partycell.notifications.models import Notification, NotificationPreference, ReminderRule, ReminderScan
from partycell.notifications.services import reminders_request_scan


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "lead_times", "months", "is_active", "updated_at"]
    list_editable = ["lead_times", "months", "is_active"]
    readonly_fields = ["kind", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:  # one seeded row per kind; the scan knows no others
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ReminderRule | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "candidacy", "due_on", "lead_days", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "due_on"]
    list_select_related = ["recipient", "candidacy__person"]
    raw_id_fields = ["recipient", "candidacy"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(ReminderScan)
class ReminderScanAdmin(admin.ModelAdmin):
    list_display = ["on", "started_at", "finished_at", "candidacies_due", "notices_created"]
    actions = ["scan_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReminderScan | None = None) -> bool:
        return False

    @admin.action(description=_("Run the reminder scan now"))
    def scan_now(self, request: HttpRequest, queryset: QuerySet[ReminderScan]) -> None:
        reminders_request_scan()
        self.message_user(request, _("A reminder scan has been queued."), messages.SUCCESS)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery"]
    list_filter = ["delivery"]
    raw_id_fields = ["user"]

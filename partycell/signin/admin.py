from django.contrib import admin
from django.http import HttpRequest

from partycell.signin.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every user's API tokens: administrators see when each was used and revoke one by deleting it."""

    list_display = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    list_filter = ("expires_at",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a key is shown once, to its owner: tokens are created from the owner's page or the API

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

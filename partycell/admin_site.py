"""The Django admin, for superusers only (issue 13, finding 2).

The admin's querysets are not scoped: a staff user with view permissions who is a cell secretary saw
every person (with CCCD), candidacy, document and audit entry of the province. Rather than re-scope
every ModelAdmin (dozens of querysets, inlines, autocompletes and filters, each a way to leak), the
admin is limited to superusers, who see everything anyway; staff work on the scoped pages. See
docs/security.md, "The admin".
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class PartyCellAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Active superusers only; ``is_staff`` and model permissions alone open nothing."""
        user = request.user
        return bool(user.is_active and user.is_superuser)


class PartyCellAdminConfig(AdminConfig):
    default_site = "partycell.admin_site.PartyCellAdminSite"

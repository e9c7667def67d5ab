from collections.abc import Sequence

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin

from partycell.organisations.forms import UnitMoveForm
from partycell.organisations.models import AuthorityGrant, Unit, UnitKind
from partycell.organisations.services import unit_delete, unit_delete_check


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_cell", "is_grassroots", "is_partial_committee", "is_upper_grassroots",
                    "is_provincial", "position")
    list_editable = ("position",)


class AuthorityGrantInline(admin.TabularInline):
    model = AuthorityGrant
    extra = 0


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = UnitMoveForm
    list_display = ("name", "kind", "code", "is_residential", "is_active")
    list_filter = ("kind", "is_residential", "is_active", "special_sector", "has_grassroots_youth_union")
    search_fields = ("name", "code")
    inlines = [AuthorityGrantInline]

    def get_deleted_objects(
        self, objs: Sequence[Unit] | QuerySet[Unit], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        """Show a unit whose subtree still keeps people as protected, so the admin refuses to delete it."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for unit in objs:
            try:
                unit_delete_check(unit=unit)
            except ValidationError as error:
                protected = [*protected, f"{unit}: {' '.join(error.messages)}"]
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Unit) -> None:
        unit_delete(unit=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Unit]) -> None:
        for unit in queryset:
            unit_delete(unit=unit)


@admin.register(AuthorityGrant)
class AuthorityGrantAdmin(admin.ModelAdmin):
    list_display = ("unit", "kind", "decision_number", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("unit__name", "decision_number")
    autocomplete_fields = ("unit",)
    verbose_name = _("authority grant")

from collections.abc import Sequence

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin

from partycell.organisations.forms import UnitMoveForm
from partycell.organisations.models import AuthorityGrant, OrganisationChange, SectorAuthorityRule, Unit, UnitKind
from partycell.organisations.services import unit_delete, unit_delete_check


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_cell", "is_grassroots", "is_partial_committee", "is_upper_grassroots",
                    "is_provincial", "requires_second_factor", "position")
    list_editable = ("position",)


class AuthorityGrantInline(admin.TabularInline):
    model = AuthorityGrant
    extra = 0


class OrganisationChangeInline(admin.TabularInline):
    """The unit's recorded changes, read-only: they are made through ``organisations.services``."""

    model = OrganisationChange
    fk_name = "unit"
    extra = 0
    fields = ("effective_on", "change", "decision_number", "decision_date", "issuing_body", "name_before",
              "parent_before", "parent_after", "kind_before", "kind_after", "successor")  # fmt: skip
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = UnitMoveForm
    list_display = ("name", "kind", "code", "is_residential", "is_active")
    list_filter = ("kind", "is_residential", "is_active", "special_sector", "has_grassroots_youth_union")
    search_fields = ("name", "code")
    inlines = [AuthorityGrantInline, OrganisationChangeInline]

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


@admin.register(OrganisationChange)
class OrganisationChangeAdmin(admin.ModelAdmin):
    """The tree's history: viewable, never added, changed or deleted here (append-only records written
    by ``partycell.organisations.services``, each with its decision)."""

    list_display = ("effective_on", "change", "unit", "decision_number", "decision_date", "issuing_body", "successor")
    list_filter = ("change",)
    search_fields = ("unit__name", "name_before", "decision_number", "issuing_body")
    list_select_related = ("unit", "successor")
    date_hierarchy = "effective_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SectorAuthorityRule)
class SectorAuthorityRuleAdmin(admin.ModelAdmin):
    """Who decides for the army's and public security's cells: data, in force from a date."""

    list_display = ("sector", "deciding_kind", "deciding_body", "valid_from", "valid_to", "source")
    list_filter = ("sector",)

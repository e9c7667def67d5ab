"""The party organisation tree, of any depth.

Unit kinds are data (``UnitKind`` rows), not a fixed list of levels: since 1 July 2025 there is no
district level, and delegation and pilots change authority unit by unit. Who decides an admission
follows from the attributes of the kinds and from dated ``AuthorityGrant`` rows; see
``partycell.organisations.authority``.

The tree is a django-treebeard materialised path (``MP_Node``): a subtree is one indexed
``path LIKE 'prefix%'`` filter, which keeps scope checks and roll-ups cheap at province scale.
"""

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from partycell.people.vietnamese import fold


class UnitKind(models.Model):
    """A kind of party organisation (province committee, commune committee, cell ...)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_cell = models.BooleanField(
        _("is a party cell"), default=False, help_text=_("A chi bộ: holds members and votes on admissions.")
    )
    is_grassroots = models.BooleanField(
        _("is a grassroots party organisation"),
        default=False,
        help_text=_("Tổ chức cơ sở đảng: a grassroots party committee or a grassroots cell."),
    )
    is_partial_committee = models.BooleanField(
        _("is a partial party committee"), default=False, help_text=_("Đảng ủy bộ phận.")
    )
    is_upper_grassroots = models.BooleanField(
        _("is an upper-grassroots committee"),
        default=False,
        help_text=_("Đảng ủy cấp trên cơ sở, e.g. a commune, ward or special-zone party committee."),
    )
    is_provincial = models.BooleanField(
        _("is directly under the Central Committee"),
        default=False,
        help_text=_("Tỉnh ủy / thành ủy or another committee directly under the Centre."),
    )
    requires_second_factor = models.BooleanField(
        _("roles here require a second factor"),
        default=False,
        help_text=_(
            "Users with a role on a unit of this kind must sign in with a one-time code from an "
            "authenticator app (in production)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")

    def __str__(self) -> str:
        return self.name


class SearchKeyField(models.CharField):
    """The lower-case, diacritic-free form (``fold``) of another field of the row, the key name searches
    match with ``contains``: set on every save and ``bulk_create`` (through ``pre_save``), never edited."""

    def __init__(self, *args: Any, source: str = "name", **kwargs: Any) -> None:
        self.source = source
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = fold(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


class SpecialSector(models.TextChoices):
    NONE = "", _("None")
    ARMY = "army", _("Army")
    PUBLIC_SECURITY = "public_security", _("Public security")


class Unit(MP_Node):
    """A party organisation: a committee or a cell, anywhere in the tree."""

    steplen = 4

    name = models.CharField(_("name"), max_length=255)
    # "dang uy xa dai phuc" for "Đảng ủy xã Đại Phúc": the unit picker's name search.
    search_name = SearchKeyField(max_length=255, source="name", default="")
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("kind"))
    code = models.CharField(_("code"), max_length=64, unique=True, help_text=_("A short unique reference."))
    is_residential = models.BooleanField(
        _("residential (village) cell"),
        default=False,
        help_text=_("A cell of a village or residential group (thôn, tổ dân phố)."),
    )
    has_grassroots_youth_union = models.BooleanField(
        _("a grassroots Youth Union exists"),
        default=False,
        help_text=_(
            "A grassroots Youth Union (or a grassroots chi đoàn) works in this unit: applicants of Youth Union age "
            "are then introduced by its resolution plus one party member, where the rulebook says so (A7)."
        ),
    )
    special_sector = models.CharField(
        _("special sector"), max_length=20, choices=SpecialSector.choices, default=SpecialSector.NONE, blank=True
    )
    province_code = models.PositiveIntegerField(_("province code"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("commune/ward code"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        indexes = [models.Index(fields=["kind", "path"], name="unit_kind_path_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}  # a rename refreshes the search key
        super().save(*args, **kwargs)

    def subtree_filter(self, field: str = "") -> models.Q:
        """A Q object matching this unit and its descendants through ``field`` (e.g. ``"cell__"``)."""
        return models.Q(**{f"{field}path__startswith": self.path})

    def has_grant(self, kind: str, *, on: datetime.date) -> bool:
        return any(grant.kind == kind and grant.is_valid_on(on) for grant in self.authority_grants.all())


class AuthorityGrant(models.Model):
    """A dated decision that changes who decides admissions for a unit.

    ``ADMISSION_DELEGATED``: a grassroots party committee authorised to admit (ủy quyền kết nạp).
    ``UPPER_GRASSROOTS_POWERS``: a grassroots committee granted upper-grassroots powers
    (giao quyền cấp trên cơ sở, e.g. the pilots of 113-QĐ/TW and 202-QĐ/TW).
    """

    class Kind(models.TextChoices):
        ADMISSION_DELEGATED = "admission_delegated", _("Delegated power to admit")
        UPPER_GRASSROOTS_POWERS = "upper_grassroots_powers", _("Upper-grassroots powers granted")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="authority_grants", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    decision_number = models.CharField(_("decision number"), max_length=64, help_text=_('e.g. "125-QĐ/TU"'))
    decision_date = models.DateField(_("decision date"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = _("authority grant")
        verbose_name_plural = _("authority grants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="grant_valid_to_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit} · {self.decision_number}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class OrganisationChange(models.Model):
    """A dated change to the tree (create, rename, move, change of kind, merge, dissolve) and the
    decision that made it. Append-only, like the audit trail: the tree's history is read back from
    these rows (``partycell.organisations.history``), so what a unit was called, where it sat and of
    what kind it was on any date is known, and decisions taken before a merger keep their deciding
    unit. Written only by ``partycell.organisations.services``.

    Each row stores what it changed *before* and *after*; empty before/after pairs were not changed.
    A merged unit is kept (inactive) and placed under its ``successor``, so the successor's subtree,
    and every roll-up by today's tree, counts the merged unit's decisions and members.
    """

    class Change(models.TextChoices):
        CREATE = "create", _("Created")
        RENAME = "rename", _("Renamed")
        MOVE = "move", _("Moved")
        RECLASSIFY = "reclassify", _("Kind changed")
        MERGE = "merge", _("Merged")
        DISSOLVE = "dissolve", _("Dissolved")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="changes", verbose_name=_("unit"))
    change = models.CharField(_("change"), max_length=16, choices=Change.choices)
    effective_on = models.DateField(_("effective on"))
    decision_number = models.CharField(_("decision number"), max_length=64, help_text=_('e.g. "1234-QĐ/TU"'))
    decision_date = models.DateField(_("decision date"))
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, help_text=_("e.g. Ban Thường vụ Tỉnh ủy Thái Nguyên")
    )
    name_before = models.CharField(_("name before"), max_length=255, blank=True)
    name_after = models.CharField(_("name after"), max_length=255, blank=True)
    parent_before = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("placed under before")
    )
    parent_after = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("placed under after")
    )
    kind_before = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kind before")
    )
    kind_after = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kind after")
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="predecessor_changes",
        verbose_name=_("merged into"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")
        indexes = [models.Index(fields=["effective_on"], name="orgchange_effective_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(change="merge") | models.Q(successor__isnull=False),
                name="orgchange_merge_has_successor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()} · {self.unit} · {self.effective_on:%d/%m/%Y} · {self.decision_number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Organisation changes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Organisation changes are append-only.")


class SectorAuthorityRule(models.Model):
    """Who decides admission and recognition for the cells of a special sector (army, public security),
    as configured, in force from ``valid_from`` (domain.md 3.3: "per Politburo rules"). The competent
    committee is the nearest unit above the cell's grassroots organisation whose kind is
    ``deciding_kind``; no level is named in code. A sector cell with no rule in force on a date has no
    competent committee on it (an administrator configures one), never the civilian path.
    """

    sector = models.CharField(_("special sector"), max_length=20, choices=SpecialSector.choices)
    deciding_kind = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of the deciding committee")
    )
    deciding_body = models.CharField(
        _("deciding body"), max_length=32,
        choices=[("standing_committee", _("standing committee")),
                 ("standing_body", _("standing body with standing members heading party boards")),
                 ("collective_committee", _("the committee collectively (delegated)"))],
        default="standing_committee",
    )  # fmt: skip
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, help_text=_("The regulation that sets this authority."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["sector", "valid_from"]
        verbose_name = _("sector authority rule")
        verbose_name_plural = _("sector authority rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="sector_rule_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=~models.Q(sector=""), name="sector_rule_names_a_sector"),
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} · {self.deciding_kind} · {self.valid_from:%d/%m/%Y}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

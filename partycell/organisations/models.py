"""The party organisation tree, of any depth.

Unit kinds are data (``UnitKind`` rows), not a fixed list of levels: since 1 July 2025 there is no
district level, and delegation and pilots change authority unit by unit. Who decides an admission
follows from the attributes of the kinds and from dated ``AuthorityGrant`` rows; see
``partycell.organisations.authority``.

The tree is a django-treebeard materialised path (``MP_Node``): a subtree is one indexed
``path LIKE 'prefix%'`` filter, which keeps scope checks and roll-ups cheap at province scale.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


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
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")

    def __str__(self) -> str:
        return self.name


class SpecialSector(models.TextChoices):
    NONE = "", _("None")
    ARMY = "army", _("Army")
    PUBLIC_SECURITY = "public_security", _("Public security")


class Unit(MP_Node):
    """A party organisation: a committee or a cell, anywhere in the tree."""

    steplen = 4

    name = models.CharField(_("name"), max_length=255)
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

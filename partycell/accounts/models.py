"""Users and their role assignments (user, unit, role). A user may hold several."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A PartyCell user. What they may see and do comes only from their ``RoleAssignment`` rows."""

    phone = models.CharField(_("phone"), max_length=20, blank=True)

    # Filled on first use by ``partycell.selectors.role_assignments_of`` (one query per request); absent until then.
    _role_assignments: "list[RoleAssignment]"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name in Vietnamese order: family name first ("Nguyễn Văn" + "An" → "Nguyễn Văn An").

        ``last_name`` holds the family (and middle) names, ``first_name`` the given name, as Django's
        fields are named; Vietnamese puts the family name first, in pages, e-mails and exports alike.
        """
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    def get_short_name(self) -> str:
        """The given name, by which Vietnamese colleagues address each other ("anh An", "chị Lan")."""
        return self.first_name.strip()


class Role(models.TextChoices):
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    CELL_COMMITTEE = "cell_committee", _("Cell committee member")
    # Labels of the two-level system (from 07/2025): the ward or commune party committee's office and
    # party-building board do the member-development work; the province's organisation board audits.
    GRASSROOTS_STAFF = "grassroots_staff", _("Party committee staff (office, party-building board)")
    COMMUNE_STANDING = "commune_standing", _("Standing member of the commune or ward party committee")
    BOARD_STAFF = "board_staff", _("Organisation board staff (audits, reads only)")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that may change data in their subtree; BOARD_STAFF audits and reads only.
EDITING_ROLES = frozenset(
    {
        Role.CELL_SECRETARY,
        Role.CELL_COMMITTEE,
        Role.GRASSROOTS_STAFF,
        Role.COMMUNE_STANDING,
        Role.ADMINISTRATOR,
    }
)


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

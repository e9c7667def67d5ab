"""Who must sign in with a second factor. One rule, read at log-in (the middleware then reads the
session), by the pages and by the API token endpoint."""

from django.conf import settings
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from partycell.accounts.models import Role, User


def second_factor_required(user: User) -> bool:
    """Administrators (staff, superusers, the administrator role) and users with a role on a unit whose
    kind ``requires_second_factor`` must have one, where ``TWO_FACTOR_REQUIRED`` is on (production)."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    needing = Q(role=Role.ADMINISTRATOR) | Q(unit__kind__requires_second_factor=True)
    return user.role_assignments.filter(needing).exists()


def second_factor_enrolled(user: User) -> bool:
    """The user has a confirmed authenticator: every log-in then asks for a code, required or not."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()

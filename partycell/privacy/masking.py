"""CCCD masked in lists and exports for roles that do not need it.

Who needs it is a setting, ``PRIVACY_FULL_CITIZEN_ID_ROLES`` (role values; default: party committee
staff, commune standing members and administrators, who register, import and match people by CCCD).
A cell secretary, a cell committee member or an auditor sees ``********0001``: enough to tell two people
apart on a list, not enough to use. Superusers see it whole. Detail pages show it whole to whoever may
see the person (they are logged in the access log).
"""

from collections.abc import Iterable

from django.conf import settings

from partycell.accounts.models import Role, User
from partycell.organisations.models import Unit
from partycell.selectors import user_has_role

DEFAULT_FULL_CITIZEN_ID_ROLES = (Role.GRASSROOTS_STAFF, Role.COMMUNE_STANDING, Role.ADMINISTRATOR)
SHOWN_DIGITS = 4


def full_citizen_id_roles() -> frozenset[str]:
    roles: Iterable[str] = getattr(settings, "PRIVACY_FULL_CITIZEN_ID_ROLES", DEFAULT_FULL_CITIZEN_ID_ROLES)
    return frozenset(str(role) for role in roles)


def mask_citizen_id(value: str) -> str:
    """``001300012345`` -> ``********2345``."""
    if not value:
        return value
    return "*" * max(len(value) - SHOWN_DIGITS, 0) + value[-SHOWN_DIGITS:]


def user_sees_full_citizen_id(user: User, unit: Unit) -> bool:
    return user_has_role(user, full_citizen_id_roles(), unit=unit)


def citizen_id_for(user: User, *, citizen_id: str, unit: Unit) -> str:
    """The CCCD as ``user`` may see it on a list or an export of ``unit``'s people."""
    return citizen_id if user_sees_full_citizen_id(user, unit) else mask_citizen_id(citizen_id)

"""Scope: the one place that decides what a user may see.

Every queryset a page, export or API endpoint shows goes through one of these selectors, so an
object outside the user's subtrees simply answers 404.
"""

from django.db.models import Q, QuerySet

from partycell.accounts.models import EDITING_ROLES, Role, RoleAssignment, User
from partycell.organisations.models import Unit
from partycell.people.models import Membership, MembershipQuerySet, Person, PersonQuerySet


def _root_paths(paths: list[str]) -> list[str]:
    """Drop paths already covered by an ancestor path in the list."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return kept


def role_assignments_of(user: User) -> list[RoleAssignment]:
    """The user's role assignments with their units, loaded once per user object (one request).

    Scope, permission checks and the to-do page all read roles; they share this one query.
    """
    if not hasattr(user, "_role_assignments"):
        user._role_assignments = list(user.role_assignments.select_related("unit"))
    return user._role_assignments


def scope_paths_for(user: User, *, editing: bool = False) -> list[str] | None:
    """Tree paths of the user's subtrees; ``None`` means everything (superusers).

    With ``editing=True`` only roles that may change data count (auditors read only).
    Cached on the user object for the request.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache_name = "_scope_paths_editing" if editing else "_scope_paths"
    if not hasattr(user, cache_name):
        assignments = role_assignments_of(user)
        if editing:
            assignments = [a for a in assignments if a.role in EDITING_ROLES]
        setattr(user, cache_name, _root_paths([a.unit.path for a in assignments]))
    return getattr(user, cache_name)


def scope_paths_for_roles(user: User, roles: frozenset[str]) -> list[str] | None:
    """Tree paths where ``user`` holds one of ``roles`` (``None``: everything, for superusers).

    For pages reserved to some roles over their subtree (the access log: administrators and auditors)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return _root_paths([a.unit.path for a in role_assignments_of(user) if a.role in roles])


def scope_q(user: User, *, field: str = "", editing: bool = False) -> Q:
    """A Q object restricting a unit relation ``field`` (e.g. ``"unit__"``) to the user's scope."""
    paths = scope_paths_for(user, editing=editing)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{field}path__startswith": path})
    return query


def unit_in_scope(user: User, unit: Unit, *, editing: bool = False) -> bool:
    """THE scope predicate: whether ``unit`` lies in one of ``user``'s subtrees.

    ``editing=False`` answers "may see"; ``editing=True`` "may edit" (auditors never may). Inactive
    and anonymous users see nothing. Every interface asks this (or ``scope_q``, its queryset twin).
    """
    paths = scope_paths_for(user, editing=editing)
    return paths is None or any(unit.path.startswith(path) for path in paths)


def user_may_see_unit(user: User, unit: Unit) -> bool:
    return unit_in_scope(user, unit)


def user_may_edit_unit(user: User, unit: Unit) -> bool:
    return unit_in_scope(user, unit, editing=True)


def user_edits_anything(user: User) -> bool:
    """Whether ``user`` holds any role that may change data (the pages hide write links otherwise)."""
    paths = scope_paths_for(user, editing=True)
    return paths is None or bool(paths)


def units_visible_to(user: User, *, editing: bool = False) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, editing=editing)).select_related("kind")


def people_visible_to(user: User, *, editing: bool = False) -> PersonQuerySet:
    return Person.objects.filter(scope_q(user, field="unit__", editing=editing))


def memberships_visible_to(user: User) -> MembershipQuerySet:
    return Membership.objects.filter(scope_q(user, field="cell__")).select_related("person", "cell")


def user_has_role(user: User, roles: set[str] | frozenset[str], *, unit: Unit) -> bool:
    """Whether ``user`` holds one of ``roles`` at ``unit`` or at one of its ancestors."""
    if user.is_superuser:
        return True
    return any(
        unit.path.startswith(a.unit.path) and a.role in roles
        for a in role_assignments_of(user)
    )


def user_is_administrator(user: User) -> bool:
    return user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in role_assignments_of(user))

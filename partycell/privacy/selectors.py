"""Reads of the privacy app: who may search the access log, and which entries they see."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from partycell.accounts.models import Role, RoleAssignment, User
from partycell.privacy.models import AccessLogEntry, AccessLogPerson
from partycell.selectors import scope_paths_for_roles

# Who may search the access log, over the subtree of that role.
ACCESS_LOG_ROLES = frozenset({Role.ADMINISTRATOR, Role.BOARD_STAFF})


def user_may_search_access_log(user: User) -> bool:
    paths = scope_paths_for_roles(user, ACCESS_LOG_ROLES)
    return paths is None or bool(paths)


def access_log_visible_to(user: User) -> QuerySet[AccessLogEntry]:
    """Entries that showed a person kept in the user's subtrees, or made by a user holding a role
    there (a list page names no person); superusers see all, other roles nothing."""
    paths = scope_paths_for_roles(user, ACCESS_LOG_ROLES)
    entries = AccessLogEntry.objects.select_related("user")
    if paths is None:
        return entries
    if not paths:
        return entries.none()
    shown_here = Q()
    made_here = Q()
    for path in paths:
        shown_here |= Q(person__unit__path__startswith=path)
        made_here |= Q(unit__path__startswith=path)
    return entries.filter(
        Exists(AccessLogPerson.objects.filter(shown_here, entry=OuterRef("pk")))
        | Exists(RoleAssignment.objects.filter(made_here, user=OuterRef("user")))
    )


def access_log_search(
    entries: QuerySet[AccessLogEntry], *, person: str = "", username: str = "", what: str = "",
    since: datetime.date | None = None, until: datetime.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """Narrow ``entries``: a person's name or CCCD (accents optional), a user name, the page, a date range."""
    from partycell.people.models import Person

    if person:
        people = Person.objects.search(person)
        entries = entries.filter(Exists(AccessLogPerson.objects.filter(entry=OuterRef("pk"), person__in=people)))
    if username:
        entries = entries.filter(user__username__icontains=username)
    if what:
        entries = entries.filter(what__icontains=what)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries

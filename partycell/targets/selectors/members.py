"""Member counts, the denominator of percentage targets and the weights of proportional allocation."""

import datetime

from django.db.models import Count, Q

from partycell.organisations.models import Unit
from partycell.people.models import Membership
from partycell.targets.selectors.tree import child_prefix, in_subtree


def _members_on(day: datetime.date) -> Q:
    """Official and probationary members on ``day``: admitted by then and not yet gone."""
    return Q(admission_decision_date__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def member_count(*, unit: Unit, on: datetime.date) -> int:
    """Members of ``unit``'s whole subtree (official + probationary) on ``on``."""
    return in_subtree(Membership.objects.filter(_members_on(on)), unit, through="cell__").count()


def member_counts_by_child(*, unit: Unit, on: datetime.date) -> dict[str, int]:
    """Members on ``on`` keyed by child path (members kept on ``unit`` itself under ``unit.path``)."""
    rows = (
        in_subtree(Membership.objects.filter(_members_on(on)), unit, through="cell__")
        .annotate(prefix=child_prefix(unit, through="cell__"))
        .values("prefix")
        .annotate(members=Count("id"))
        .order_by()
    )
    return {row["prefix"]: row["members"] for row in rows}

"""Path arithmetic for roll-ups: group rows by the child of a unit that contains them, in SQL."""

from typing import Any, TypeVar

from django.db.models import F, Func, QuerySet
from django.db.models.functions import Substr

from partycell.organisations.models import Unit

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])


def child_prefix(unit: Unit, *, through: str) -> Func:
    """The path prefix, at the depth of ``unit``'s children, of the unit reached through ``through``.

    ``through`` is the relation to a unit, e.g. ``"cell__"``. A row in a child's subtree gets that
    child's path; a row on ``unit`` itself gets ``unit.path``. Grouping by it rolls a subtree up to
    the children in one query.
    """
    return Substr(F(f"{through}path"), 1, len(unit.path) + Unit.steplen)


def in_subtree(queryset: _QuerySetT, unit: Unit, *, through: str) -> _QuerySetT:
    return queryset.filter(**{f"{through}path__startswith": unit.path})

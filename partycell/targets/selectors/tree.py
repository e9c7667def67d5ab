"""Path arithmetic for roll-ups: group rows by the child of a unit that contains them, in SQL."""

from typing import Any, TypeVar, overload

from django.db.models import F, Func, Manager, Model, QuerySet
from django.db.models.functions import Substr

from partycell.organisations.models import Unit

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])
_ModelT = TypeVar("_ModelT", bound=Model)


def child_prefix(unit: Unit, *, through: str) -> Func:
    """The path prefix, at the depth of ``unit``'s children, of the unit reached through ``through``.

    ``through`` is the relation to a unit, e.g. ``"cell__"``. A row in a child's subtree gets that
    child's path; a row on ``unit`` itself gets ``unit.path``. Grouping by it rolls a subtree up to
    the children in one query.
    """
    return Substr(F(f"{through}path"), 1, len(unit.path) + Unit.steplen)


@overload
def in_subtree(queryset: _QuerySetT, unit: Unit, *, through: str) -> _QuerySetT: ...
@overload
def in_subtree(queryset: Manager[_ModelT], unit: Unit, *, through: str) -> QuerySet[_ModelT]: ...
def in_subtree(queryset: QuerySet[Any] | Manager[Any], unit: Unit, *, through: str) -> QuerySet[Any]:
    """The rows of ``queryset`` (or of a manager's table) whose unit, reached through ``through``, is in
    ``unit``'s subtree."""
    return queryset.filter(**{f"{through}path__startswith": unit.path})

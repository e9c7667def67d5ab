"""The tree as it was on a date, read back from the append-only ``OrganisationChange`` rows.

Every change stores what it changed before and after. The state of a unit on a date is its state
today with the changes that took effect *after* that date undone, earliest last: the "before" value
of the earliest later change of each attribute. A change takes effect on its ``effective_on`` day.
Changes are never future-dated (``services`` refuses them), so a date of today or later needs no
query; an earlier date costs one query for the changes after it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from partycell.organisations.models import OrganisationChange, Unit, UnitKind

Change = OrganisationChange.Change
_GONE = (Change.MERGE, Change.DISSOLVE)


@dataclasses.dataclass
class TreeOnDate:
    """The overrides of parent, kind and name that undo the changes after ``on``."""

    on: datetime.date
    parents: dict[int, int | None] = dataclasses.field(default_factory=dict)
    kinds: dict[int, int] = dataclasses.field(default_factory=dict)
    names: dict[int, str] = dataclasses.field(default_factory=dict)
    created_after: set[int] = dataclasses.field(default_factory=set)
    _kind_rows: dict[int, UnitKind] | None = None
    _units: dict[int, Unit] = dataclasses.field(default_factory=dict)

    def parent_id(self, unit: Unit) -> int | None:
        """The id of ``unit``'s parent on ``on``."""
        if unit.pk in self.parents:
            return self.parents[unit.pk]
        if unit.depth <= 1:
            return None
        return self._unit_at_path(unit.path[: -Unit.steplen]).pk

    def kind_of(self, unit: Unit) -> UnitKind:
        """``unit``'s kind on ``on``."""
        kind_id = self.kinds.get(unit.pk)
        if kind_id is None or kind_id == unit.kind_id:
            return unit.kind
        if self._kind_rows is None:
            self._kind_rows = {kind.pk: kind for kind in UnitKind.objects.all()}
        return self._kind_rows[kind_id]

    def name_of(self, unit: Unit) -> str:
        return self.names.get(unit.pk, unit.name)

    def ancestors(self, unit: Unit) -> list[Unit]:
        """``unit``'s ancestors on ``on``, nearest first."""
        chain: list[Unit] = []
        parent_id = self.parent_id(unit)
        while parent_id is not None and len(chain) < 64:
            parent = self._unit(parent_id)
            chain.append(parent)
            parent_id = self.parent_id(parent)
        return chain

    def _unit(self, pk: int) -> Unit:
        if pk not in self._units:
            self._units[pk] = Unit.objects.select_related("kind").prefetch_related("authority_grants").get(pk=pk)
        return self._units[pk]

    def _unit_at_path(self, path: str) -> Unit:
        found = next((unit for unit in self._units.values() if unit.path == path), None)
        if found is None:
            found = Unit.objects.select_related("kind").prefetch_related("authority_grants").get(path=path)
            self._units[found.pk] = found
        return found


def tree_on(on: datetime.date) -> TreeOnDate | None:
    """The overrides for ``on``; None when no change took effect after ``on`` (today's tree is right)."""
    if on >= timezone.localdate():
        return None
    later = list(
        OrganisationChange.objects.filter(effective_on__gt=on)
        .order_by("-effective_on", "-id")
        .values_list("unit_id", "change", "parent_before_id", "parent_after_id", "kind_before_id", "kind_after_id",
                     "name_before", "name_after")  # fmt: skip
    )
    if not later:
        return None
    tree = TreeOnDate(on=on)
    # Latest first: each assignment is overwritten by an earlier change, so the earliest one wins.
    for unit_id, change, parent_before, parent_after, kind_before, kind_after, name_before, name_after in later:
        if change == Change.CREATE:
            tree.created_after.add(unit_id)
        if parent_before != parent_after and change != Change.CREATE:
            tree.parents[unit_id] = parent_before
        if kind_before is not None and kind_before != kind_after:
            tree.kinds[unit_id] = kind_before
        if name_before and name_before != name_after:
            tree.names[unit_id] = name_before
    return tree


def ancestors_on(unit: Unit, *, on: datetime.date) -> tuple[list[Unit], TreeOnDate | None]:
    """``unit``'s ancestors on ``on``, nearest first, and the overrides that apply (None: today's tree)."""
    tree = tree_on(on)
    if tree is None:
        return list(reversed(Unit.objects.get_ancestors(unit).select_related("kind")
                             .prefetch_related("authority_grants"))), None  # fmt: skip
    return tree.ancestors(unit), tree


def name_on(unit: Unit, *, on: datetime.date) -> str:
    """What ``unit`` was called on ``on``."""
    tree = tree_on(on)
    return unit.name if tree is None else tree.name_of(unit)


def names_on(pairs: Iterable[tuple[Unit, datetime.date]]) -> dict[tuple[int, datetime.date], str]:
    """``name_on`` for many (unit, date) pairs in one query: the renames of those units."""
    pairs = list(pairs)
    if not pairs:
        return {}  # no query (a history without decisions)
    renames: dict[int, list[tuple[datetime.date, str]]] = {}
    rows = (OrganisationChange.objects.filter(unit__in={unit.pk for unit, _ in pairs})
            .exclude(name_before="").order_by("-effective_on", "-id")
            .values_list("unit_id", "effective_on", "name_before"))  # fmt: skip
    for unit_id, effective_on, name_before in rows:
        renames.setdefault(unit_id, []).append((effective_on, name_before))
    found: dict[tuple[int, datetime.date], str] = {}
    for unit, on in pairs:
        name = unit.name
        for effective_on, name_before in renames.get(unit.pk, []):  # latest first; the earliest after `on` wins
            if effective_on > on:
                name = name_before
        found[(unit.pk, on)] = name
    return found


@dataclasses.dataclass(frozen=True)
class UnitState:
    """What a unit was on a date: its name, the unit it sat under and its kind, and whether it existed."""

    on: datetime.date
    name: str
    parent: Unit | None
    kind: UnitKind
    existed: bool


def unit_state_on(unit: Unit, *, on: datetime.date) -> UnitState:
    """Where ``unit`` sat, what it was called and of what kind it was on ``on``."""
    gone = OrganisationChange.objects.filter(unit=unit, change__in=_GONE, effective_on__lte=on).exists()
    tree = tree_on(on)
    if tree is None:
        parent = Unit.objects.get_parent(unit)
        return UnitState(on=on, name=unit.name, parent=parent, kind=unit.kind, existed=not gone)
    parent_id = tree.parent_id(unit)
    return UnitState(
        on=on,
        name=tree.name_of(unit),
        parent=tree._unit(parent_id) if parent_id is not None else None,
        kind=tree.kind_of(unit),
        existed=not gone and unit.pk not in tree.created_after,
    )


def successor_of(unit: Unit) -> Unit | None:
    """The unit ``unit`` was merged into, following the links to today's unit."""
    seen = {unit.pk}
    current: Unit | None = None
    while True:
        merge = (OrganisationChange.objects.filter(unit_id=(current or unit).pk, change=Change.MERGE)
                 .select_related("successor").last())  # fmt: skip
        if merge is None or merge.successor_id in seen:
            return current
        current = merge.successor
        seen.add(current.pk)  # type: ignore[union-attr]


def predecessors_of(unit: Unit) -> list[Unit]:
    """The units merged into ``unit`` (directly or through other merged units), earliest first."""
    found: list[Unit] = []
    frontier = [unit.pk]
    seen = set(frontier)
    while frontier:
        merges = OrganisationChange.objects.filter(change=Change.MERGE, successor_id__in=frontier)
        merges = merges.select_related("unit")
        frontier = []
        for merge in merges:
            if merge.unit_id not in seen:
                seen.add(merge.unit_id)
                found.append(merge.unit)
                frontier.append(merge.unit_id)
    return found


def changes_of(unit: Unit) -> list[OrganisationChange]:
    """Every change of ``unit`` and every merge into it, in date order (the unit's history page)."""
    return list(
        OrganisationChange.objects.filter(Q(unit=unit) | Q(successor=unit))
        .select_related("unit", "parent_before", "parent_after", "kind_before", "kind_after", "successor")
        .order_by("effective_on", "id")
    )

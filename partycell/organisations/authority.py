"""Who reviews and who decides, derived from the organisation tree (domain.md 1A A9-A11 and 3.3).

Nothing here names a level. The path a case takes above its cell follows from the kinds of the
cell's ancestors and from the authority grants valid on the day of the decision:

1. subordinate cell -> [partial committee] -> grassroots committee -> competent committee;
2. grassroots cell -> competent committee;
3. grassroots committee with delegated power to admit -> that committee decides itself;
4. a cell of a special sector (army, public security): the committee its sector's rule in force on
   the day names by kind (``SectorAuthorityRule``), never the civilian path.

The tree is the tree *on the day of the decision* (``partycell.organisations.history``): a decision
of May 2025 is judged under the district committee that was competent then, even after the
communes merged.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _

from partycell.organisations import history
from partycell.organisations.models import AuthorityGrant, SectorAuthorityRule, Unit, UnitKind

KindOf = Callable[[Unit], UnitKind]


class DecidingBody:
    COLLECTIVE_COMMITTEE = "collective_committee"
    STANDING_COMMITTEE = "standing_committee"
    STANDING_BODY = "standing_body"

    LABELS = {
        COLLECTIVE_COMMITTEE: _("the committee collectively (delegated)"),
        STANDING_COMMITTEE: _("standing committee"),
        STANDING_BODY: _("standing body with standing members heading party boards"),
    }


class Body:
    """Whose step an action is, on a review path: the body whose decision the audit entry records."""

    CELL = "cell"
    PARTIAL = "partial"
    GRASSROOTS = "grassroots"
    COMPETENT = "competent"


@dataclasses.dataclass(frozen=True)
class ReviewPath:
    """The bodies a cell's proposal passes through, bottom to top."""

    cell: Unit
    partial_committee: Unit | None
    grassroots_committee: Unit | None  # None when the cell is itself a grassroots cell
    competent_committee: Unit
    deciding_body: str

    def unit_of(self, body: str) -> Unit:
        """The unit whose ``body`` (a ``Body`` value) takes its step on this path: the partial committee's
        step falls to the grassroots committee where there is none, and both to a grassroots cell."""
        if body == Body.COMPETENT:
            return self.competent_committee
        if body == Body.PARTIAL:
            return self.partial_committee or self.grassroots_committee or self.cell
        if body == Body.GRASSROOTS:
            return self.grassroots_committee or self.cell
        return self.cell

    @property
    def grassroots_decides(self) -> bool:
        return self.grassroots_committee is not None and self.grassroots_committee == self.competent_committee


class NoCompetentCommittee(Exception):
    """The tree above this cell has no committee able to decide; an administrator must fix the tree."""


def _ancestors_nearest_first(unit: Unit) -> list[Unit]:
    return list(reversed(Unit.objects.get_ancestors(unit).select_related("kind").prefetch_related("authority_grants")))


def _kind_today(unit: Unit) -> UnitKind:
    return unit.kind


def review_path_for(cell: Unit, *, on: datetime.date, tree: history.TreeOnDate | None = None) -> ReviewPath:
    """Return the review path for a proposal from ``cell`` on ``on``: the tree as it was that day and
    the grants valid then."""
    tree = tree or history.tree_on(on)
    if tree is None:
        return _review_path([cell, *_ancestors_nearest_first(cell)], on=on)
    return _review_path([cell, *tree.ancestors(cell)], on=on, kind_of=tree.kind_of)


def review_paths_for(cells: Iterable[Unit], *, on: datetime.date) -> dict[int, ReviewPath | None]:
    """``review_path_for`` many cells in two queries (their ancestors and the grants); None where no
    committee can decide. For lists such as the to-do page, where one lookup per cell would not scale.
    """
    cells = list(cells)
    tree = history.tree_on(on)
    if tree is not None:  # a day before a reorganisation: walk each cell's tree of that day
        found: dict[int, ReviewPath | None] = {}
        for cell in cells:
            try:
                found[cell.pk] = review_path_for(cell, on=on, tree=tree)
            except NoCompetentCommittee:
                found[cell.pk] = None
        return found
    steplen = Unit.steplen
    prefixes = {cell.path[:end] for cell in cells for end in range(steplen, len(cell.path), steplen)}
    ancestors = {
        unit.path: unit
        for unit in Unit.objects.filter(path__in=prefixes).select_related("kind").prefetch_related("authority_grants")
    }
    paths: dict[int, ReviewPath | None] = {}
    for cell in cells:
        chain = [ancestors[cell.path[:end]] for end in range(len(cell.path) - steplen, 0, -steplen)]
        try:
            paths[cell.pk] = _review_path([cell, *chain], on=on)
        except NoCompetentCommittee:
            paths[cell.pk] = None
    return paths


def _sector_of(chain: list[Unit]) -> str:
    """The special sector of the cell: its own, or the nearest unit's above it."""
    return next((unit.special_sector for unit in chain if unit.special_sector), "")


def sector_rule_in_force(sector: str, *, on: datetime.date) -> SectorAuthorityRule | None:
    """The authority rule configured for ``sector`` in force on ``on`` (the latest to start)."""
    rules = SectorAuthorityRule.objects.filter(sector=sector, valid_from__lte=on).order_by("-valid_from", "-id")
    return next((rule for rule in rules if rule.is_valid_on(on)), None)


def _review_path(chain: list[Unit], *, on: datetime.date, kind_of: KindOf = _kind_today) -> ReviewPath:
    """The review path from ``chain[0]`` (the cell) given its ancestors on ``on``, nearest first, and
    their kinds on that day."""
    cell = chain[0]
    grassroots_index = next((i for i, unit in enumerate(chain) if kind_of(unit).is_grassroots), None)
    if grassroots_index is None:
        raise NoCompetentCommittee(cell)
    grassroots = chain[grassroots_index]
    partial = next((unit for unit in chain[1:grassroots_index] if kind_of(unit).is_partial_committee), None)
    grassroots_committee = grassroots if grassroots_index > 0 else None

    sector = _sector_of(chain)
    if sector:
        rule = sector_rule_in_force(sector, on=on)
        competent = None if rule is None else next(
            (unit for unit in chain[max(grassroots_index, 1):] if kind_of(unit).pk == rule.deciding_kind_id), None)
        if rule is None or competent is None:
            raise NoCompetentCommittee(cell)
        return ReviewPath(cell, partial, grassroots_committee, competent, rule.deciding_body)

    if grassroots_committee and grassroots.has_grant(AuthorityGrant.Kind.ADMISSION_DELEGATED, on=on):
        return ReviewPath(cell, partial, grassroots_committee, grassroots, DecidingBody.COLLECTIVE_COMMITTEE)
    if grassroots_committee and grassroots.has_grant(AuthorityGrant.Kind.UPPER_GRASSROOTS_POWERS, on=on):
        return ReviewPath(cell, partial, grassroots_committee, grassroots, DecidingBody.STANDING_COMMITTEE)
    for superior in chain[grassroots_index + 1 :]:
        if kind_of(superior).is_provincial:
            return ReviewPath(cell, partial, grassroots_committee, superior, DecidingBody.STANDING_BODY)
        if kind_of(superior).is_upper_grassroots or superior.has_grant(
            AuthorityGrant.Kind.UPPER_GRASSROOTS_POWERS, on=on
        ):
            return ReviewPath(cell, partial, grassroots_committee, superior, DecidingBody.STANDING_COMMITTEE)
    raise NoCompetentCommittee(cell)


def provincial_committee_for(unit: Unit) -> Unit | None:
    """The committee directly under the Centre above ``unit`` (whose consent over-60 cases need)."""
    return next((u for u in [unit, *_ancestors_nearest_first(unit)] if u.kind.is_provincial), None)

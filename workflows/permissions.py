"""Who may take each step: small composable predicates over role x unit x stage.

A check is ``check(user, candidacy, on) -> list[str]``: translated reasons why ``user`` may not act,
empty when they may. ``on`` is the date of the event (the decision date for decisions), because
authority follows the organisation tree and the grants valid on that day (domain.md 3.3).

- cell steps: the secretary or a committee member of the candidacy's cell;
- grassroots steps: grassroots staff at the grassroots (or partial) committee or above; for a
  grassroots cell, its own secretary and committee too;
- decisions: commune standing members or grassroots staff at the competent committee or above;
- board staff (auditors) never act; administrators may act anywhere in their subtree.

Which check guards which action is declared once, in ``workflows.actions``; ``workflows.gate``
asks it. This module must not import ``workflows.models`` at import time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from partycell.accounts.models import Role
from partycell.organisations.authority import NoCompetentCommittee
from partycell.organisations.models import Unit
from partycell.selectors import role_assignments_of, user_has_role

if TYPE_CHECKING:
    from partycell.accounts.models import User
    from workflows.models import Candidacy

Check = Callable[["User", "Candidacy", datetime.date], list[str]]

CELL_ROLES = frozenset({Role.CELL_SECRETARY, Role.CELL_COMMITTEE})
GRASSROOTS_ROLES = frozenset({Role.GRASSROOTS_STAFF})
DECIDING_ROLES = frozenset({Role.COMMUNE_STANDING, Role.GRASSROOTS_STAFF})


def all_of(*checks: Check) -> Check:
    """Every check must pass; the reasons of all failing ones are given."""

    def combined(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
        reasons: list[str] = []
        for check in checks:
            reasons += check(user, candidacy, on)
            if reasons:
                break
        return reasons

    return combined


def any_of(*checks: Check) -> Check:
    """One passing check is enough; otherwise the reasons of the first one (the usual route) are given."""

    def combined(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
        first: list[str] | None = None
        for check in checks:
            reasons = check(user, candidacy, on)
            if not reasons:
                return []
            first = reasons if first is None else first
        return first or []

    return combined


def signed_in(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return [_("Sign in to act on a candidacy.")]
    return []


def administrator(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    if user_has_role(user, {Role.ADMINISTRATOR}, unit=candidacy.cell):
        return []
    return [_("Only an administrator may do this.")]


def _holds(user: User, roles: frozenset[str], unit: Unit, reason: Callable[[], str]) -> list[str]:
    """[] if ``user`` holds one of ``roles`` at ``unit`` or above; else why not (``reason()``, worded only
    then: the to-do page asks this hundreds of times per request)."""
    if user_has_role(user, roles, unit=unit):
        return []
    if any(a.role != Role.BOARD_STAFF for a in role_assignments_of(user)):
        return [reason()]
    return [_("Party-building and organisation board staff audit the procedure; they do not act on it.")]


def cell_officer(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    return _holds(user, CELL_ROLES, candidacy.cell, lambda: _only_the_cell(candidacy))


def committee_clerk(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    """Committee staff above the cell log candidates and their file on the cell's behalf (commune practice)."""
    return _holds(user, GRASSROOTS_ROLES, candidacy.cell, lambda: _only_the_cell(candidacy))


def _only_the_cell(candidacy: Candidacy) -> str:
    return _("Only the secretary or committee of %(cell)s may record this step.") % {"cell": candidacy.cell}


def _only_staff_of(unit: Unit) -> str:
    return _("Only staff of %(unit)s or of a committee above it may record this step.") % {"unit": unit}


def _review_unit(candidacy: Candidacy, on: datetime.date, pick: Callable) -> Unit | list[str]:
    try:
        path = candidacy.review_path(on=on)
    except NoCompetentCommittee:
        return [
            _("No party committee above %(cell)s can review this; ask an administrator.") % {"cell": candidacy.cell}
        ]
    return pick(path)


def grassroots_officer(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    """Staff of the grassroots organisation: the grassroots committee, or a grassroots cell itself."""
    unit = _review_unit(candidacy, on, lambda path: path.grassroots_committee or path.cell)
    if isinstance(unit, list):
        return unit
    roles = GRASSROOTS_ROLES | CELL_ROLES if unit == candidacy.cell else GRASSROOTS_ROLES
    return _holds(user, roles, unit, lambda: _only_staff_of(unit))


def partial_officer(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    unit = _review_unit(candidacy, on, lambda path: path.partial_committee or path.grassroots_committee or path.cell)
    if isinstance(unit, list):
        return unit
    return _holds(user, GRASSROOTS_ROLES, unit, lambda: _only_staff_of(unit))


def decider(user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    """The competent committee on ``on``: its standing members or staff, or a committee above it."""
    try:
        competent = candidacy.review_path(on=on).competent_committee
    except NoCompetentCommittee:
        return [_("No party committee above %(cell)s can decide; ask an administrator.") % {"cell": candidacy.cell}]
    return _holds(user, DECIDING_ROLES, competent, lambda: _only_deciders_of(competent))


def _only_deciders_of(unit: Unit) -> str:
    return _("Only %(unit)s (or a committee above it) may decide this.") % {"unit": unit}


CELL_STEP = all_of(signed_in, any_of(cell_officer, administrator))
# Registering a candidate and building the file: the cell, or committee staff above it who log
# candidates and their documents (the cell's own votes and ceremonies stay with the cell).
FILE_STEP = all_of(signed_in, any_of(cell_officer, committee_clerk, administrator))
GRASSROOTS_STEP = all_of(signed_in, any_of(grassroots_officer, administrator))
PARTIAL_STEP = all_of(signed_in, any_of(partial_officer, administrator))
DECISION = all_of(signed_in, any_of(decider, administrator))
# Moving a file to another cell needs authority over the cells' grassroots organisation.
TRANSFER = GRASSROOTS_STEP
# Recording a document or evidence outside a transition: anyone who acts on some step of the case.
RECORD_EVIDENCE = all_of(signed_in, any_of(cell_officer, grassroots_officer, decider, administrator))


def reasons(action: str, *, user: User, candidacy: Candidacy, on: datetime.date) -> list[str]:
    """The permission predicate declared for ``action`` in ``workflows.actions``, judged on ``on``.

    Only the "is it this user's" part; ``workflows.gate.refusals`` adds the path, and is what the
    interfaces ask.
    """
    from workflows.actions import spec

    return spec(action).permission(user, candidacy, on)

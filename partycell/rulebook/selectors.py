"""Reading the rulebook: which version of a rule is in force on a date.

Every call queries the database, so an administrator's edit is visible at once; nothing is cached
across requests. Callers that record a decision snapshot the value they used (the workflow engine
does), so a later edit never changes a decision already taken.

A reader that looks rules up on many dates (the compliance audit) wraps its work in
``rules_loaded(ids)``: the versions of those rules are read once, in one query, and every lookup in
the block is answered from them by the same ``version_in_force`` that answers the others.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from partycell.rulebook.models import Rule, RuleValue

# Versions read by an enclosing ``rules_loaded`` block, per rule id (oldest start first), and whether
# the block read the whole rulebook.
_loaded: ContextVar[tuple[dict[str, list[Rule]], bool] | None] = ContextVar("rulebook_loaded_versions", default=None)


class RuleNotInForce(LookupError):
    """No version of ``rule_id`` is in force on ``on``."""

    def __init__(self, rule_id: str, on: datetime.date) -> None:
        self.rule_id = rule_id
        self.on = on
        message = gettext("No version of rule %(rule_id)s is in force on %(date)s.") % {
            "rule_id": rule_id,
            "date": date_format(on, "SHORT_DATE_FORMAT"),
        }
        super().__init__(message)


def _as_date(on: datetime.date) -> datetime.date:
    # A datetime is a date too; judge it by its local calendar day, not by UTC.
    if isinstance(on, datetime.datetime):
        return timezone.localdate(on) if timezone.is_aware(on) else on.date()
    return on


def version_in_force(versions: Iterable[Rule], on: datetime.date) -> Rule | None:
    """The one statement of "in force": among versions of one rule, the one whose period holds ``on``;
    if versions ever overlapped, the latest start wins. None when no version is in force."""
    found: Rule | None = None
    for rule in versions:
        if rule.is_in_force_on(on) and (found is None or rule.effective_from > found.effective_from):
            found = rule
    return found


def _read_versions(rule_ids: Sequence[str] | None) -> dict[str, list[Rule]]:
    """Every version of ``rule_ids`` (of every rule when None), oldest start first, in one query."""
    rules = Rule.objects.order_by("effective_from", "id")
    versions: dict[str, list[Rule]] = {rule_id: [] for rule_id in rule_ids or []}
    for rule in rules if rule_ids is None else rules.filter(rule_id__in=rule_ids):
        versions.setdefault(rule.rule_id, []).append(rule)
    return versions


def rule_versions(rule_ids: Iterable[str]) -> dict[str, list[Rule]]:
    """Every version of each id (oldest start first): from an enclosing ``rules_loaded`` block when it
    loaded them all, else in one query."""
    rule_ids = list(dict.fromkeys(rule_ids))
    loaded = _loaded.get()
    if loaded is not None and (loaded[1] or all(rule_id in loaded[0] for rule_id in rule_ids)):
        return {rule_id: loaded[0].get(rule_id, []) for rule_id in rule_ids}
    return _read_versions(rule_ids)


def versions_in_force(on: datetime.date) -> dict[str, Rule]:
    """The version in force on ``on`` of every rule that has one, keyed by rule id: from an enclosing
    ``rules_loaded()`` block of the whole rulebook, else in one query (a few dozen rules)."""
    on = _as_date(on)
    loaded = _loaded.get()
    versions = loaded[0] if loaded is not None and loaded[1] else _read_versions(None)
    found = {rule_id: version_in_force(rows, on) for rule_id, rows in versions.items()}
    return {rule_id: rule for rule_id, rule in found.items() if rule is not None}


@contextmanager
def rules_loaded(rule_ids: Iterable[str] | None = None) -> Iterator[dict[str, list[Rule]]]:
    """Within the block, lookups of these ids (of every rule when None) are answered from their
    versions, read here in one query.

    For one request or one job: an administrator's edit made during the block is not seen by it.
    """
    ids = None if rule_ids is None else list(dict.fromkeys(rule_ids))
    outer = _loaded.get()
    versions = {**(outer[0] if outer else {}), **_read_versions(ids)}
    token = _loaded.set((versions, ids is None or bool(outer and outer[1])))
    try:
        yield versions
    finally:
        _loaded.reset(token)


def rule_in_force(rule_id: str, *, on: datetime.date) -> Rule:
    """The version of ``rule_id`` in force on ``on``; raise ``RuleNotInForce`` when there is none."""
    return rules_in_force([rule_id], on=on)[rule_id]


def rule_value(rule_id: str, *, on: datetime.date) -> RuleValue:
    """The typed value (int, Fraction, str or bool) of ``rule_id`` in force on ``on``."""
    return rule_in_force(rule_id, on=on).typed_value


def rules_in_force(rule_ids: Iterable[str], *, on: datetime.date) -> dict[str, Rule]:
    """The versions in force on ``on`` for several ids, in one query (none inside ``rules_loaded``),
    keyed by rule id.

    Raise ``RuleNotInForce`` for the first requested id that has no version in force.
    """
    on = _as_date(on)
    found: dict[str, Rule] = {}
    for rule_id, versions in rule_versions(rule_ids).items():
        rule = version_in_force(versions, on)
        if rule is None:
            raise RuleNotInForce(rule_id, on)
        found[rule_id] = rule
    return found


def rule_values(rule_ids: Iterable[str], *, on: datetime.date) -> dict[str, RuleValue]:
    """Typed values for several ids, in one query (see ``rules_in_force``)."""
    return {rule_id: rule.typed_value for rule_id, rule in rules_in_force(rule_ids, on=on).items()}

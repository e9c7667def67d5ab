"""Reading the rulebook: which version of a rule is in force on a date.

Every call queries the database, so an administrator's edit is visible at once; nothing is cached
across requests. Callers that record a decision snapshot the value they used (the workflow engine
does), so a later edit never changes a decision already taken.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from partycell.rulebook.models import Rule, RuleValue


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


def _in_force_on(on: datetime.date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def rule_in_force(rule_id: str, *, on: datetime.date) -> Rule:
    """The version of ``rule_id`` in force on ``on``; raise ``RuleNotInForce`` when there is none."""
    on = _as_date(on)
    rule = Rule.objects.filter(_in_force_on(on), rule_id=rule_id).order_by("-effective_from").first()
    if rule is None:
        raise RuleNotInForce(rule_id, on)
    return rule


def rule_value(rule_id: str, *, on: datetime.date) -> RuleValue:
    """The typed value (int, Fraction, str or bool) of ``rule_id`` in force on ``on``."""
    return rule_in_force(rule_id, on=on).typed_value


def rules_in_force(rule_ids: Iterable[str], *, on: datetime.date) -> dict[str, Rule]:
    """The versions in force on ``on`` for several ids, in one query, keyed by rule id.

    Raise ``RuleNotInForce`` for the first requested id that has no version in force.
    """
    on = _as_date(on)
    rule_ids = list(dict.fromkeys(rule_ids))
    found: dict[str, Rule] = {}
    # Oldest first, so if versions ever overlapped the newest start wins, as in rule_in_force.
    for rule in Rule.objects.filter(_in_force_on(on), rule_id__in=rule_ids).order_by("effective_from"):
        found[rule.rule_id] = rule
    for rule_id in rule_ids:
        if rule_id not in found:
            raise RuleNotInForce(rule_id, on)
    return {rule_id: found[rule_id] for rule_id in rule_ids}


def rule_values(rule_ids: Iterable[str], *, on: datetime.date) -> dict[str, RuleValue]:
    """Typed values for several ids, in one query (see ``rules_in_force``)."""
    return {rule_id: rule.typed_value for rule_id, rule in rules_in_force(rule_ids, on=on).items()}

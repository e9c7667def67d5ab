"""Rounding, percentages, pace and allocation: the arithmetic every page and export shares.

One rounding rule everywhere, stated on screen: **round half up to a whole person**
(3.5% of 2,700 members = 94.5, so the target is 95).
"""

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ROUNDING_RULE = _("Percentages of members are rounded half up to a whole person (94.5 gives 95, 94.4 gives 94).")
_ONE = Decimal(1)
_TENTH = Decimal("0.1")


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def amount_from_percent(percent: Decimal, members: int) -> int:
    """The whole number of people a percentage of ``members`` means: ``3.5`` of ``2700`` is ``95``."""
    return round_half_up(Decimal(percent) * members / 100)


def percent_achieved(achieved: int, target: int | None) -> Decimal | None:
    """Achievement as a percentage of the target, to one decimal (329 of 300 is 109.7)."""
    if not target:
        return None
    return (Decimal(achieved) * 100 / target).quantize(_TENTH, rounding=ROUND_HALF_UP)


def elapsed_fraction(*, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date) -> Decimal:
    """The share of the period gone by at the end of ``today``, from 0 to 1 (both ends count as days)."""
    total = (ends_on - starts_on).days + 1
    elapsed = min(max((today - starts_on).days + 1, 0), total)
    return Decimal(elapsed) / total


def expected_by(target: int, fraction: Decimal) -> int:
    """How many people a linear pace expects by now, rounded half up like every target."""
    return round_half_up(target * fraction)


def largest_remainder(total: int, weights: Mapping[int, int]) -> dict[int, int]:
    """Split ``total`` in proportion to ``weights`` so the parts add up exactly (Hamilton's method).

    1. Give each key the whole part of its exact share.
    2. Hand the people left over, one each, to the largest remainders (ties: larger weight, then key).
    With all weights zero the split is as even as possible.
    """
    if not weights:
        return {}
    if sum(weights.values()) == 0:
        weights = dict.fromkeys(weights, 1)
    weight_sum = sum(weights.values())
    parts = {key: total * weight // weight_sum for key, weight in weights.items()}
    remainders = {key: total * weight % weight_sum for key, weight in weights.items()}
    left = total - sum(parts.values())
    for key in sorted(weights, key=lambda k: (-remainders[k], -weights[k], k))[:left]:
        parts[key] += 1
    return parts

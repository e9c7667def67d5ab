"""Fixtures for the reminder tests: candidacies in the shared tree, role holders, rules set per test."""

import datetime

import pytest

from partycell.notifications.models import ReminderRule, RuleKind
from tests.factories import PersonFactory
from workflows.enums import Stage
from workflows.models import Candidacy


def make_candidacy(cell, *, stage: str = Stage.FILE_OPEN, **fields) -> Candidacy:
    """A candidacy created straight in ``stage`` (the FSM field is protected: set it only here)."""
    return Candidacy.objects.create(person=PersonFactory(unit=cell), cell=cell, stage=stage, **fields)


def only_rule(kind: str, *, lead_times: str = "0", months: int | None = None) -> ReminderRule:
    """Deactivate every seeded rule but ``kind``, set to the given lead times."""
    ReminderRule.objects.exclude(kind=kind).update(is_active=False)
    # get_or_create: a transactional test (live server, worker) may have flushed the seeded rules.
    rule, _ = ReminderRule.objects.get_or_create(kind=kind)
    rule.lead_times = lead_times
    rule.months = months if months is not None else rule.months
    rule.is_active = True
    rule.save()
    return rule


@pytest.fixture
def deadline_rule(db):
    return only_rule(RuleKind.UPCOMING_DEADLINE, lead_times="10,3,1")


DAY = datetime.date

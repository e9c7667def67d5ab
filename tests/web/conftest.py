"""Helpers for the web tests: candidacies in a given stage, logged-in clients per persona."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import PersonFactory, Role, UserFactory, assign_role
from workflows.enums import Stage
from workflows.models import Candidacy, TransitionLog


def make_candidacy(cell, *, stage=Stage.SYMPATHISER, due_on=None, full_name=None, **fields) -> Candidacy:
    """A candidacy put straight into ``stage`` (a fixture, not a transition), with its creation log row."""
    person_fields = {"full_name": full_name} if full_name else {}
    person = PersonFactory(unit=cell, **person_fields)
    candidacy = Candidacy.objects.create(person=person, cell=cell, stage=stage, stage_due_on=due_on, **fields)
    TransitionLog.objects.create(
        candidacy=candidacy,
        action="create",
        from_stage="",
        to_stage=Stage.SOURCE,
        event_date=timezone.localdate(),
        cell=cell,
        evidence={"source_date": "2025-01-15", "youth_union": True},
    )
    return candidacy


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def administrator(tree):
    """An administrator of the province: records changes to the tree, registers in any of its cells."""
    user = UserFactory(username="quantri_tinh")
    assign_role(user, Role.ADMINISTRATOR, tree.province)
    return user


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login

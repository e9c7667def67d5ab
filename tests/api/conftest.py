"""API fixtures: a DRF client for a persona, candidacies placed at a stage, and a cell roll."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import CandidacyFactory, MembershipFactory
from workflows.models import Candidacy


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """Return a client authenticated as ``user`` (or anonymous); Vietnamese unless told otherwise."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def place_candidacy(db):
    """A candidacy created directly at ``stage`` (to arrange read tests; writes go through the API)."""

    def place(cell, **fields) -> Candidacy:
        return CandidacyFactory(cell=cell, **fields)

    return place


@pytest.fixture
def roll_a(tree):
    """Seven official members in cell A: the members a cell vote counts, and possible introducers."""
    return [MembershipFactory(cell=tree.cell_a) for _ in range(7)]



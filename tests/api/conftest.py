"""API fixtures: a DRF client logged in as a persona, and candidacies placed at a given stage."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PersonFactory
from workflows.models import Candidacy


@pytest.fixture
def api():
    """Return a client for ``user`` (or anonymous), speaking Vietnamese unless told otherwise."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def place_candidacy(db):
    """A candidacy created directly at ``stage`` (only to arrange read tests; writes use the API)."""

    def place(cell, *, stage: str = "source", **fields) -> Candidacy:
        person = fields.pop("person", None) or PersonFactory(unit=cell)
        return Candidacy.objects.create(person=person, cell=cell, stage=stage, **fields)

    return place

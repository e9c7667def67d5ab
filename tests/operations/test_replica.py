"""READ_REPLICA_ALIAS: the target dashboards read from the replica; every write, and every other page,
from the primary. In tests the "replica" alias mirrors the default database (tests/conftest.py)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partycell.operations.replica import replica_reading
from partycell.organisations.models import Unit
from tests.factories import UnitKindFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.READ_REPLICA_ALIAS = "replica"


def _tables(queries) -> str:
    return " ".join(query["sql"] for query in queries)


def test_the_target_dashboard_reads_from_the_replica_and_log_in_from_the_primary(client, replica, auditor, tree):
    client.force_login(auditor)

    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("targets:unit", args=[tree.province.pk]))

    assert response.status_code == 200
    assert tree.province.name in response.content.decode()
    assert "organisations_unit" in _tables(on_replica.captured_queries)
    assert "django_session" in _tables(on_primary.captured_queries)  # who you are: never a lagging copy
    assert "organisations_unit" not in _tables(on_primary.captured_queries)


def test_other_pages_read_from_the_primary(client, replica, secretary):
    client.force_login(secretary)

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert on_replica.captured_queries == []


def test_writes_go_to_the_primary_even_inside_replica_reads(replica):
    with replica_reading():
        kind = UnitKindFactory()
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            found = Unit.objects.filter(kind=kind).count()

    assert kind._state.db == "default"
    assert found == 0 and len(on_replica.captured_queries) == 1


def test_without_a_replica_configured_the_dashboard_reads_the_primary(client, settings, auditor, tree):
    settings.READ_REPLICA_ALIAS = None
    client.force_login(auditor)

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("targets:unit", args=[tree.province.pk]))

    assert response.status_code == 200
    assert on_replica.captured_queries == []

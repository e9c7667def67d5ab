import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partycell.notifications.models import Delivery, Notification, NotificationPreference, RuleKind
from tests.notifications.conftest import make_candidacy


@pytest.fixture
def notice(tree, secretary):
    candidacy = make_candidacy(tree.cell_a, stage="verified", stage_due_on=datetime.date(2026, 6, 12))
    return Notification.objects.create(
        recipient=secretary, kind=RuleKind.UPCOMING_DEADLINE, candidacy=candidacy,
        due_on=datetime.date(2026, 6, 12), lead_days=1, stage="verified",
    )  # fmt: skip


def test_notification_list_shows_own_notices_with_a_link_to_act(client, secretary, notice):
    client.force_login(secretary)

    response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [notice]
    assert reverse("candidacy-detail", args=[notice.candidacy_id]).encode() in response.content
    assert notice.candidacy.person.full_name.encode() in response.content


def test_notification_list_hides_other_peoples_notices(client, commune_staff, notice):
    client.force_login(commune_staff)

    response = client.get(reverse("notifications:list"))

    assert list(response.context["page"]) == []


def test_bell_is_on_every_page_and_costs_it_no_query(client, secretary, notice):
    client.force_login(secretary)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    assert reverse("notifications:bell").encode() in response.content
    assert not [query for query in queries.captured_queries if "notifications_" in query["sql"]]


def test_bell_shows_the_unread_count(client, secretary, notice):
    client.force_login(secretary)

    response = client.get(reverse("notifications:bell"), HTTP_HX_REQUEST="true")

    assert b'class="badge">1</span>' in response.content


def test_mark_read_by_htmx_returns_the_updated_item(client, secretary, notice):
    client.force_login(secretary)

    response = client.post(reverse("notifications:read", args=[notice.pk]), HTTP_HX_REQUEST="true")

    notice.refresh_from_db()
    assert notice.read_at is not None
    assert response.templates[0].name == "notifications/_item.html"
    assert b"Mark as read" not in response.content


def test_mark_read_of_someone_elses_notice_is_404(client, commune_staff, notice):
    client.force_login(commune_staff)

    response = client.post(reverse("notifications:read", args=[notice.pk]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_read_refuses_get(client, secretary, notice):
    client.force_login(secretary)

    assert client.get(reverse("notifications:read", args=[notice.pk])).status_code == 405


def test_mark_all_read_clears_the_bell(client, secretary, notice):
    client.force_login(secretary)

    client.post(reverse("notifications:read-all"))

    assert b'class="badge"' not in client.get(reverse("notifications:bell")).content


def test_preference_update_saves_immediate_delivery(client, secretary):
    client.force_login(secretary)

    response = client.post(reverse("notifications:preference"), {"delivery": Delivery.IMMEDIATE})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=secretary).delivery == Delivery.IMMEDIATE


def test_notification_list_requires_login(client):
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 302

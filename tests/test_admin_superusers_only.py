"""The admin is for superusers only (issue 13, finding 2): a staff user with view permissions who is a
cell secretary saw every person, CCCD and audit entry of the province through it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import PersonFactory, Role, UserFactory, assign_role


@pytest.fixture
def staff_secretary(tree):
    user = UserFactory(username="bithu_staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    assign_role(user, Role.CELL_SECRETARY, tree.cell_a)
    return user


@pytest.mark.parametrize(
    "page", ["admin:index", "admin:people_person_changelist", "admin:workflows_transitionlog_changelist"]
)
def test_staff_with_view_permissions_gets_no_admin_page(client, tree, staff_secretary, page):
    PersonFactory(unit=tree.other_cell, citizen_id="001300099999")
    client.force_login(staff_secretary)

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_person_page_of_another_commune_shows_no_cccd(client, tree, staff_secretary):
    stranger = PersonFactory(unit=tree.other_cell, citizen_id="001300099999")
    client.force_login(staff_secretary)

    response = client.get(reverse("admin:people_person_change", args=[stranger.pk]), follow=True)

    assert "001300099999" not in response.content.decode()


def test_superuser_opens_the_admin(client, tree):
    PersonFactory(unit=tree.other_cell, citizen_id="001300099999")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:people_person_changelist"))

    assert response.status_code == 200
    assert "001300099999" in response.content.decode()

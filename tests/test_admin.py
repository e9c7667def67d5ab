"""Every model is registered in the admin and its pages open for an administrator."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory

OPTIONAL: set[str] = set()


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri", is_staff=True, is_superuser=True)


def test_every_project_model_is_registered_in_admin(db):
    from django.apps import apps

    project_apps = {"accounts", "organisations", "people", "rulebook", "workflows", "targets", "notifications"}
    models = [m for m in apps.get_models() if m._meta.app_label in project_apps]

    missing = [m._meta.label for m in models if m not in admin.site._registry]

    assert missing == []


def test_admin_changelists_and_add_pages_open_for_administrator(client, tree, superuser):
    PersonFactory(unit=tree.cell_a)
    client.force_login(superuser)
    failures = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label in OPTIONAL:
            continue
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if changelist.status_code != 200:
            failures.append((opts.label, "changelist", changelist.status_code))
        if model_admin.has_add_permission(changelist.wsgi_request):
            add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
            if add.status_code != 200:
                failures.append((opts.label, "add", add.status_code))

    assert failures == []


def test_admin_refuses_to_delete_unit_that_still_has_people(client, tree, superuser):
    PersonFactory(unit=tree.cell_a)
    client.force_login(superuser)

    response = client.post(reverse("admin:organisations_unit_delete", args=[tree.grassroots.pk]), {"post": "yes"})

    assert response.status_code == 200
    assert "still has people" in response.content.decode() or "vẫn còn" in response.content.decode()
    assert type(tree.grassroots).objects.filter(pk=tree.grassroots.pk).exists()


def test_admin_refuses_to_move_unit_under_its_own_cell(client, tree, superuser):
    client.force_login(superuser)
    url = reverse("admin:organisations_unit_change", args=[tree.grassroots.pk])
    data = {
        "name": tree.grassroots.name, "kind": tree.grassroots.kind_id, "code": tree.grassroots.code,
        "special_sector": "", "is_active": "on", "treebeard_position": "first-child",
        "treebeard_ref_node": tree.cell_a.pk, "authority_grants-TOTAL_FORMS": "0",
        "authority_grants-INITIAL_FORMS": "0", "authority_grants-MIN_NUM_FORMS": "0",
        "authority_grants-MAX_NUM_FORMS": "1000",
    }

    response = client.post(url, data)

    tree.grassroots.refresh_from_db()
    assert response.status_code == 200
    # treebeard's own form no longer offers descendants; ours refuses them in clean() as well.
    errors = response.context["adminform"].form.errors
    assert set(errors) & {"treebeard_ref_node", "__all__"}
    assert tree.cell_a.path.startswith(tree.grassroots.path)

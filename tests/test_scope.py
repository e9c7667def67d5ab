"""Scope: one selector decides what a user may see; outside it, objects answer 404."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.selectors import (
    memberships_visible_to,
    people_visible_to,
    role_assignments_of,
    scope_paths_for,
    scope_q,
    unit_in_scope,
    units_visible_to,
    user_edits_anything,
    user_has_role,
    user_is_administrator,
    user_may_edit_unit,
    user_may_see_unit,
)
from tests.factories import CandidacyFactory, MembershipFactory, PersonFactory, Role, UserFactory, assign_role
from workflows import permissions, services
from workflows.enums import Stage
from workflows.exceptions import ActionNotAllowed
from workflows.models import Candidacy
from workflows.selectors import candidacies_visible_to

D = datetime.date
SIGN_IN = "Sign in to act on a candidacy."


def test_cell_secretary_gets_404_for_another_cells_person(client, tree, secretary):
    other = PersonFactory(unit=tree.cell_b)
    client.force_login(secretary)

    response = client.get(f"/people/{other.pk}/")

    assert response.status_code == 404


def test_cell_secretary_sees_own_cells_person(client, tree, secretary):
    own = PersonFactory(unit=tree.cell_a, full_name="Phạm Thị Thu")
    client.force_login(secretary)

    response = client.get(f"/people/{own.pk}/")

    assert response.status_code == 200
    assert "Phạm Thị Thu" in response.content.decode()


def test_auditor_sees_whole_subtree_but_cannot_edit(tree, auditor):
    people = [PersonFactory(unit=unit) for unit in (tree.cell_a, tree.cell_c, tree.other_cell)]

    assert set(people_visible_to(auditor)) == set(people)
    assert list(people_visible_to(auditor, editing=True)) == []


def test_commune_staff_sees_own_commune_only(tree, commune_staff):
    mine = PersonFactory(unit=tree.cell_c)
    PersonFactory(unit=tree.other_cell)

    assert list(people_visible_to(commune_staff)) == [mine]
    assert tree.other_cell not in units_visible_to(commune_staff)


def test_outsider_sees_nothing(tree, outsider):
    PersonFactory(unit=tree.cell_a)

    assert list(people_visible_to(outsider)) == []
    assert list(units_visible_to(outsider)) == []


def test_user_with_two_roles_sees_both_subtrees(tree):
    user = UserFactory(username="hai_vai")
    assign_role(user, Role.CELL_SECRETARY, tree.cell_a)
    assign_role(user, Role.CELL_COMMITTEE, tree.other_cell)
    a, b = PersonFactory(unit=tree.cell_a), PersonFactory(unit=tree.other_cell)
    PersonFactory(unit=tree.cell_b)

    assert set(people_visible_to(user)) == {a, b}


def test_person_list_search_finds_name_without_diacritics_within_scope(client, tree, secretary):
    PersonFactory(unit=tree.cell_a, full_name="Nguyễn Văn A")
    PersonFactory(unit=tree.cell_b, full_name="Nguyễn Văn Anh")
    client.force_login(secretary)

    response = client.get("/people/", {"q": "nguyen van a"})

    body = response.content.decode()
    assert "Nguyễn Văn A" in body
    assert "Nguyễn Văn Anh" not in body


# --- A deactivated account loses its scope and its powers at once -----------------------------------------


def _deactivated(user):
    """The account as the next request loads it after an administrator switched it off."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return User.objects.get(pk=user.pk)


def test_deactivated_secretary_sees_and_edits_nothing_of_their_cell(tree, secretary):
    PersonFactory(unit=tree.cell_a)
    CandidacyFactory(cell=tree.cell_a)
    user = _deactivated(secretary)

    assert list(people_visible_to(user)) == []
    assert list(units_visible_to(user)) == []
    assert list(candidacies_visible_to(user)) == []
    assert (unit_in_scope(user, tree.cell_a), user_may_edit_unit(user, tree.cell_a)) == (False, False)
    assert user_edits_anything(user) is False


def test_deactivated_superuser_sees_nothing(tree):
    PersonFactory(unit=tree.cell_a)
    admin = _deactivated(UserFactory(username="quantri", is_superuser=True, is_staff=True))

    assert list(people_visible_to(admin)) == []
    assert unit_in_scope(admin, tree.province) is False


def test_active_secretary_keeps_their_scope(tree, secretary):
    own = PersonFactory(unit=tree.cell_a)
    PersonFactory(unit=tree.cell_b)
    user = User.objects.get(pk=secretary.pk)

    assert list(people_visible_to(user)) == [own]
    assert (unit_in_scope(user, tree.cell_a), user_may_edit_unit(user, tree.cell_a)) == (True, True)
    assert unit_in_scope(user, tree.cell_b) is False
    assert user_edits_anything(user) is True


def test_deactivated_secretary_may_not_take_any_step(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)
    user = _deactivated(secretary)

    for action in ("sympathiser_add", "cell_vote", "document_add", "candidacy_create"):
        assert permissions.reasons(action, user=user, candidacy=candidacy, on=D(2026, 3, 3)) == [SIGN_IN]


def test_deactivated_secretary_cannot_open_a_candidacy_and_nothing_is_written(tree, secretary):
    person = PersonFactory(unit=tree.cell_a)
    user = _deactivated(secretary)

    with pytest.raises(ActionNotAllowed) as refused:
        services.candidacy_create(actor=user, person=person, cell=tree.cell_a)

    assert refused.value.reasons == [SIGN_IN]
    assert not Candidacy.objects.filter(person=person).exists()


@pytest.mark.parametrize("who", ["nobody", "anonymous"])
def test_signed_out_visitor_may_not_take_a_step(tree, who):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)
    user = None if who == "nobody" else AnonymousUser()

    assert permissions.reasons("cell_vote", user=user, candidacy=candidacy, on=D(2026, 3, 3)) == [SIGN_IN]


def test_active_secretary_passes_the_sign_in_check(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)

    assert permissions.signed_in(secretary, candidacy, D(2026, 3, 3)) == []
    assert permissions.reasons("sympathiser_add", user=secretary, candidacy=candidacy, on=D(2026, 3, 3)) == []


# --- Reading is not editing: the auditor reads the whole province and edits nothing --------------------


def test_auditor_reads_every_unit_of_the_province_by_default(tree, auditor):
    everything = {tree.province, tree.commune, tree.grassroots, tree.cell_a, tree.cell_b, tree.cell_c,
                  tree.other_commune, tree.other_cell}  # fmt: skip

    assert scope_paths_for(auditor) == [tree.province.path]
    assert set(Unit.objects.filter(scope_q(auditor))) == everything
    assert set(units_visible_to(auditor)) == everything
    assert (unit_in_scope(auditor, tree.other_cell), user_may_see_unit(auditor, tree.other_cell)) == (True, True)


def test_auditor_edits_no_unit(tree, auditor):
    assert scope_paths_for(auditor, editing=True) == []
    assert list(units_visible_to(auditor, editing=True)) == []
    assert (unit_in_scope(auditor, tree.cell_a, editing=True), user_may_edit_unit(auditor, tree.cell_a)) == (
        False,
        False,
    )
    assert user_edits_anything(auditor) is False


def test_commune_staff_may_see_and_edit_inside_the_commune_only(tree, commune_staff):
    assert (user_may_see_unit(commune_staff, tree.cell_a), user_may_edit_unit(commune_staff, tree.cell_a)) == (
        True,
        True,
    )
    assert user_may_see_unit(commune_staff, tree.other_cell) is False
    assert user_may_see_unit(commune_staff, tree.province) is False


def test_units_visible_come_with_their_kind_in_one_query(tree, auditor, django_assert_num_queries):
    role_assignments_of(auditor)  # the roles are loaded once per request, before the list

    with django_assert_num_queries(1):
        kinds = {unit.kind.code for unit in units_visible_to(auditor)}

    assert {"province_committee", "subordinate_cell"} <= kinds


def test_memberships_visible_to_commune_staff_are_their_communes(
    tree, commune_staff, auditor, django_assert_num_queries
):
    mine = [MembershipFactory(cell=tree.cell_a), MembershipFactory(cell=tree.cell_c)]
    MembershipFactory(cell=tree.other_cell)

    role_assignments_of(commune_staff)
    with django_assert_num_queries(1):
        rows = {(row.person.full_name, row.cell.name) for row in memberships_visible_to(commune_staff)}

    assert rows == {(row.person.full_name, row.cell.name) for row in mine}
    assert memberships_visible_to(auditor).count() == 3
    assert list(memberships_visible_to(_deactivated(commune_staff))) == []


def test_administrator_is_one_by_role_or_as_superuser(tree, secretary):
    admin = UserFactory(username="quantri_tinh")
    assign_role(admin, Role.ADMINISTRATOR, tree.province)
    superuser = UserFactory(username="quantri_he_thong", is_superuser=True)

    assert [user_is_administrator(user) for user in (admin, superuser, secretary)] == [True, True, False]


def test_nested_roles_give_the_outermost_subtree_once(tree):
    user = UserFactory(username="nhieu_vai")
    assign_role(user, Role.CELL_SECRETARY, tree.cell_a)
    assign_role(user, Role.GRASSROOTS_STAFF, tree.commune)
    assign_role(user, Role.CELL_COMMITTEE, tree.other_cell)

    assert scope_paths_for(user) == sorted([tree.commune.path, tree.other_cell.path])


def test_roles_are_loaded_once_per_user_with_their_units(tree, commune_staff, django_assert_num_queries):
    user = User.objects.get(pk=commune_staff.pk)

    with django_assert_num_queries(1):
        role_assignments_of(user)
        paths = [assignment.unit.path for assignment in role_assignments_of(user)]
        scope_paths_for(user)
        scope_paths_for(user, editing=True)
        user_may_edit_unit(user, tree.cell_a)

    assert paths == [tree.commune.path]


def test_superuser_holds_every_role_everywhere(tree):
    superuser = UserFactory(username="quantri_he_thong", is_superuser=True)
    candidacy = CandidacyFactory(cell=tree.other_cell, stage=Stage.INTRODUCED)

    assert user_has_role(superuser, {Role.CELL_SECRETARY}, unit=tree.other_cell) is True
    assert permissions.reasons("cell_vote", user=superuser, candidacy=candidacy, on=D(2026, 3, 3)) == []

"""Scope: one selector decides what a user may see; outside it, objects answer 404."""

from partycell.selectors import people_visible_to, units_visible_to
from tests.factories import PersonFactory, Role, UserFactory, assign_role


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

import datetime

import pytest
from django.core.exceptions import ValidationError

from partycell.organisations.authority import DecidingBody, review_path_for
from partycell.organisations.models import AuthorityGrant, Unit
from partycell.organisations.services import Decision, unit_delete, unit_move
from tests.factories import PersonFactory, make_grant, make_unit

TODAY = datetime.date(2026, 11, 20)
MOVED = {"decision": Decision("88-QĐ/TU", datetime.date(2026, 1, 5), "Ban Thường vụ Tỉnh ủy"),
         "effective_on": datetime.date(2026, 1, 10)}  # fmt: skip


def test_unit_move_under_own_descendant_is_refused_and_tree_unchanged(tree):
    paths_before = dict(Unit.objects.values_list("id", "path"))

    with pytest.raises(ValidationError) as error:
        unit_move(unit=tree.commune, new_parent=tree.cell_a, **MOVED)

    assert "under itself" in str(error.value)
    assert dict(Unit.objects.values_list("id", "path")) == paths_before


def test_unit_move_under_itself_is_refused(tree):
    with pytest.raises(ValidationError):
        unit_move(unit=tree.grassroots, new_parent=tree.grassroots, **MOVED)


def test_unit_move_to_other_commune_carries_its_subtree(tree):
    unit_move(unit=tree.grassroots, new_parent=tree.other_commune, **MOVED)

    tree.cell_a.refresh_from_db()
    assert tree.cell_a.is_descendant_of(tree.other_commune)
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_unit_delete_with_people_in_a_sub_unit_is_refused_and_nothing_deleted(tree):
    PersonFactory(unit=tree.cell_a)
    count_before = Unit.objects.count()

    with pytest.raises(ValidationError) as error:
        unit_delete(unit=tree.grassroots)

    assert "still has people" in str(error.value)
    assert Unit.objects.count() == count_before


def test_unit_delete_of_empty_subtree_removes_it(tree):
    unit_delete(unit=tree.grassroots)

    assert not Unit.objects.filter(pk__in=[tree.grassroots.pk, tree.cell_a.pk, tree.cell_b.pk]).exists()


def test_review_path_for_subordinate_cell_goes_through_grassroots_to_commune_standing_committee(tree):
    path = review_path_for(tree.cell_a, on=TODAY)

    assert path.grassroots_committee == tree.grassroots
    assert path.partial_committee is None
    assert path.competent_committee == tree.commune
    assert path.deciding_body == DecidingBody.STANDING_COMMITTEE


def test_review_path_for_grassroots_cell_skips_grassroots_review(tree):
    path = review_path_for(tree.cell_c, on=TODAY)

    assert path.grassroots_committee is None
    assert path.competent_committee == tree.commune


def test_review_path_includes_partial_committee_when_cell_sits_under_one(tree):
    partial = make_unit("partial_committee", parent=tree.grassroots)
    cell = make_unit("subordinate_cell", parent=partial)

    path = review_path_for(cell, on=TODAY)

    assert path.partial_committee == partial
    assert path.grassroots_committee == tree.grassroots


def test_review_path_moves_to_grassroots_committee_while_admission_is_delegated(tree):
    make_grant(tree.grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED,
               valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2026, 12, 31))

    during = review_path_for(tree.cell_a, on=TODAY)
    after = review_path_for(tree.cell_a, on=datetime.date(2027, 1, 5))

    assert during.competent_committee == tree.grassroots
    assert during.deciding_body == DecidingBody.COLLECTIVE_COMMITTEE
    assert during.grassroots_decides
    assert after.competent_committee == tree.commune


def test_review_path_for_grassroots_committee_directly_under_province_uses_standing_body(tree):
    enterprise_committee = make_unit("grassroots_committee", parent=tree.province)
    cell = make_unit("subordinate_cell", parent=enterprise_committee)

    path = review_path_for(cell, on=TODAY)

    assert path.competent_committee == tree.province
    assert path.deciding_body == DecidingBody.STANDING_BODY

"""Organisation changes are dated records with the decision that made them, made through the services,
and the tree's history reads back from them: what a unit was called, where it sat and of what kind it
was on a date (issue 12, item 5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partycell.organisations import history
from partycell.organisations.authority import review_path_for
from partycell.organisations.models import OrganisationChange, Unit
from partycell.organisations.services import (
    Decision,
    unit_create,
    unit_delete,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
)
from tests.factories import MembershipFactory, make_unit, unit_kind
from tests.walk import at

D = datetime.date
REFORM = D(2025, 7, 1)
DECISION = Decision("1234-QĐ/TU", D(2025, 6, 20), "Ban Thường vụ Tỉnh ủy Thái Nguyên")


@pytest.fixture
def old_tree(db):
    """Before the reform: province > district > commune A (grassroots committee) > village cell, and
    commune B beside it."""
    province = make_unit("province_committee", name="Tỉnh ủy Thái Nguyên")
    district = make_unit("district_committee", parent=province, name="Huyện ủy Đại Từ")
    commune_a = make_unit("grassroots_committee", parent=district, name="Đảng ủy xã Hùng Sơn")
    commune_b = make_unit("grassroots_committee", parent=district, name="Đảng ủy xã Tân Thái")
    village = make_unit("subordinate_cell", parent=commune_a, name="Chi bộ xóm Đồng Tâm", is_residential=True)
    village_b = make_unit("subordinate_cell", parent=commune_b, name="Chi bộ xóm Tân Lập", is_residential=True)
    return type("Tree", (), dict(province=province, district=district, commune_a=commune_a, commune_b=commune_b,
                                 village=village, village_b=village_b))  # fmt: skip


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.select_related("kind").get(pk=unit.pk)


def test_a_rename_keeps_the_earlier_name_for_earlier_dates(old_tree):
    with at(D(2025, 8, 1)):
        unit_rename(unit=old_tree.commune_a, name="Đảng ủy xã Đại Từ", decision=DECISION, effective_on=REFORM)

        assert history.name_on(old_tree.commune_a, on=D(2025, 6, 30)) == "Đảng ủy xã Hùng Sơn"
        assert history.name_on(old_tree.commune_a, on=REFORM) == "Đảng ủy xã Đại Từ"
    change = OrganisationChange.objects.get(unit=old_tree.commune_a)
    assert (change.change, change.decision_number, change.decision_date, change.issuing_body) == (
        "rename", "1234-QĐ/TU", D(2025, 6, 20), "Ban Thường vụ Tỉnh ủy Thái Nguyên")


def test_a_move_and_a_change_of_kind_are_undone_for_dates_before_them(old_tree):
    with at(D(2025, 8, 1)):
        commune = unit_create(parent=old_tree.province, kind=unit_kind("commune_committee"), name="Đảng ủy xã Đại Từ",
                              code="XA-DAITU", decision=DECISION, effective_on=REFORM)  # fmt: skip
        unit_move(unit=old_tree.village, new_parent=commune, kind=unit_kind("grassroots_cell"), decision=DECISION,
                  effective_on=REFORM)  # fmt: skip

        before = history.unit_state_on(_fresh(old_tree.village), on=D(2025, 6, 30))
        after = history.unit_state_on(_fresh(old_tree.village), on=REFORM)
        created = history.unit_state_on(commune, on=D(2025, 6, 30))

    assert (before.parent, before.kind.code) == (old_tree.commune_a, "subordinate_cell")
    assert (after.parent, after.kind.code) == (commune, "grassroots_cell")
    assert created.existed is False
    assert _fresh(old_tree.village).is_descendant_of(commune)


def test_the_review_path_of_a_date_before_the_reform_follows_the_tree_of_that_date(old_tree):
    with at(D(2025, 8, 1)):
        commune = unit_create(parent=old_tree.province, kind=unit_kind("commune_committee"), name="Đảng ủy xã Đại Từ",
                              code="XA-DAITU", decision=DECISION, effective_on=REFORM)  # fmt: skip
        unit_move(unit=old_tree.village, new_parent=commune, kind=unit_kind("grassroots_cell"), decision=DECISION,
                  effective_on=REFORM)  # fmt: skip
        village = _fresh(old_tree.village)

        may = review_path_for(village, on=D(2025, 5, 6))
        july = review_path_for(village, on=D(2025, 7, 15))

    assert (may.grassroots_committee, may.competent_committee) == (old_tree.commune_a, old_tree.district)
    assert (july.grassroots_committee, july.competent_committee) == (None, commune)


def test_a_merger_moves_the_sub_units_and_people_and_keeps_the_merged_unit_under_its_successor(old_tree):
    member = MembershipFactory(cell=old_tree.village_b)
    with at(D(2025, 8, 1)):
        commune = unit_create(parent=old_tree.province, kind=unit_kind("commune_committee"), name="Đảng ủy xã Đại Từ",
                              code="XA-DAITU", decision=DECISION, effective_on=REFORM)  # fmt: skip
        unit_merge(unit=old_tree.commune_b, into=commune, decision=DECISION, effective_on=REFORM)
        unit_merge(unit=old_tree.village_b, into=old_tree.village, decision=DECISION, effective_on=REFORM)

        merged = _fresh(old_tree.commune_b)
        assert merged.is_active is False
        assert Unit.objects.get_parent(merged) == commune
        assert history.unit_state_on(merged, on=D(2025, 6, 30)).parent == old_tree.district
        assert history.unit_state_on(merged, on=REFORM).existed is False
    assert _fresh(old_tree.village_b).is_descendant_of(old_tree.village)
    member.refresh_from_db()
    assert member.cell == old_tree.village
    assert history.successor_of(old_tree.village_b) == old_tree.village
    assert history.predecessors_of(commune) == [old_tree.commune_b]
    moves = OrganisationChange.objects.filter(unit=old_tree.village_b).values_list("change", flat=True)
    assert list(moves) == ["move", "merge"]


def test_a_dissolution_needs_an_empty_unit_and_keeps_it_inactive(old_tree):
    with at(D(2025, 8, 1)):
        with pytest.raises(ValidationError) as refused:
            unit_dissolve(unit=old_tree.district, decision=DECISION, effective_on=REFORM)
        assert "still has active sub-units" in str(refused.value)
        unit_merge(unit=old_tree.commune_a, into=old_tree.commune_b, decision=DECISION, effective_on=REFORM)
        new_home = unit_create(parent=old_tree.province, kind=unit_kind("commune_committee"), name="Đảng ủy xã Mới",
                               code="XA-MOI", decision=DECISION, effective_on=REFORM)  # fmt: skip
        unit_move(unit=old_tree.commune_b, new_parent=new_home, decision=DECISION, effective_on=REFORM)

        unit_dissolve(unit=old_tree.district, decision=DECISION, effective_on=REFORM)

    assert _fresh(old_tree.district).is_active is False
    assert OrganisationChange.objects.filter(unit=old_tree.district, change="dissolve").count() == 1


@pytest.mark.parametrize(("decision", "effective_on", "field"), [
    (Decision("", D(2025, 6, 20), "Tỉnh ủy"), REFORM, "decision_number"),
    (Decision("\u200b ", D(2025, 6, 20), "Tỉnh ủy"), REFORM, "decision_number"),
    (Decision("1-QĐ/TU", D(2025, 6, 20), "   "), REFORM, "issuing_body"),
    (Decision("1-QĐ/TU", D(2025, 8, 2), "Tỉnh ủy"), REFORM, "decision_date"),
    (Decision("1-QĐ/TU", D(2025, 6, 20), "Tỉnh ủy"), D(2025, 8, 2), "effective_on"),
    (Decision("1" * 65, D(2025, 6, 20), "Tỉnh ủy"), REFORM, "decision_number"),
])  # fmt: skip
def test_a_change_without_a_proper_decision_is_refused_and_nothing_changes(old_tree, decision, effective_on, field):
    with at(D(2025, 8, 1)), pytest.raises(ValidationError) as refused:
        unit_rename(unit=old_tree.commune_a, name="Tên mới", decision=decision, effective_on=effective_on)

    assert field in refused.value.message_dict
    assert _fresh(old_tree.commune_a).name == "Đảng ủy xã Hùng Sơn"
    assert not OrganisationChange.objects.exists()


def test_names_and_numbers_are_stored_as_typed_once_normalised(old_tree):
    with at(D(2025, 8, 1)):
        unit_rename(unit=old_tree.commune_a, name="Đa\u0309ng u\u0309y xã  Mới\u200b",
                    decision=Decision("１２-QĐ/TU", D(2025, 6, 20), "Tỉnh ủy"), effective_on=REFORM)  # fmt: skip

    change = OrganisationChange.objects.get()
    assert _fresh(old_tree.commune_a).name == "Đảng ủy xã Mới"
    assert change.decision_number == "12-QĐ/TU"


def test_changes_of_a_unit_are_recorded_in_date_order(old_tree):
    with at(D(2025, 8, 1)):
        unit_rename(unit=old_tree.commune_a, name="Tên tháng bảy", decision=DECISION, effective_on=REFORM)
        with pytest.raises(ValidationError) as refused:
            unit_rename(unit=old_tree.commune_a, name="Tên tháng sáu", decision=DECISION, effective_on=D(2025, 6, 1))

    assert "in date order" in str(refused.value)
    assert _fresh(old_tree.commune_a).name == "Tên tháng bảy"


@pytest.mark.parametrize("target", ["itself", "descendant", "cell_into_committee"])
def test_impossible_mergers_are_refused_with_nothing_changed(old_tree, target):
    into = {"itself": old_tree.commune_a, "descendant": old_tree.village, "cell_into_committee": None}[target]
    unit = old_tree.commune_a if target != "cell_into_committee" else old_tree.village
    into = into or old_tree.commune_b
    paths = dict(Unit.objects.values_list("pk", "path"))

    with at(D(2025, 8, 1)), pytest.raises(ValidationError):
        unit_merge(unit=unit, into=into, decision=DECISION, effective_on=REFORM)

    assert dict(Unit.objects.values_list("pk", "path")) == paths
    assert not OrganisationChange.objects.exists()


def test_a_merged_unit_changes_no_more(old_tree):
    with at(D(2025, 8, 1)):
        unit_merge(unit=old_tree.commune_a, into=old_tree.commune_b, decision=DECISION, effective_on=REFORM)
        with pytest.raises(ValidationError) as refused:
            unit_rename(unit=old_tree.commune_a, name="Tên khác", decision=DECISION, effective_on=REFORM)

    assert "changes no more" in str(refused.value)


def test_the_records_are_append_only(old_tree):
    with at(D(2025, 8, 1)):
        unit_rename(unit=old_tree.commune_a, name="Tên mới", decision=DECISION, effective_on=REFORM)
    change = OrganisationChange.objects.get()

    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        change.delete()


def test_a_unit_with_recorded_history_is_dissolved_not_deleted(old_tree):
    with at(D(2025, 8, 1)):
        unit_rename(unit=old_tree.village, name="Chi bộ xóm Mới", decision=DECISION, effective_on=REFORM)

    with pytest.raises(ValidationError) as refused:
        unit_delete(unit=old_tree.village)

    assert "dissolve it instead" in str(refused.value)
    assert Unit.objects.filter(pk=old_tree.village.pk).exists()

"""The organisation history page reads the tree back on a date, and an administrator records a change
with its decision through one form; bad input is refused with a translated reason and nothing saved."""

import datetime

import pytest
from django.urls import reverse

from partycell.organisations.models import OrganisationChange, Unit
from partycell.organisations.services import Decision, unit_merge, unit_rename
from tests.walk import at

D = datetime.date
DECISION = Decision("1234-QĐ/TU", D(2025, 6, 20), "Ban Thường vụ Tỉnh ủy Thái Nguyên")


def _form(**overrides):
    return {"change": "rename", "effective_on": "01/07/2025", "decision_number": "1234-QĐ/TU",
            "decision_date": "20/06/2025", "issuing_body": "Ban Thường vụ Tỉnh ủy", "name": "Đảng ủy phường Mới",
            **overrides}  # fmt: skip


def test_the_history_shows_the_name_and_place_of_a_merged_unit_on_an_earlier_date(tree, auditor, client):
    with at(D(2025, 8, 1)):
        unit_rename(unit=tree.grassroots, name="Đảng ủy Trường THPT Chu Văn An (cũ)", decision=DECISION,
                    effective_on=D(2025, 7, 1))  # fmt: skip
        unit_merge(unit=tree.grassroots, into=tree.other_commune, decision=DECISION, effective_on=D(2025, 7, 2))
    client.force_login(auditor)

    page = client.get(reverse("unit-history", args=[tree.grassroots.pk]), {"on": "30/06/2025"})

    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["state"].name == "Đảng ủy Trường THPT Chu Văn An"
    assert page.context["state"].parent == tree.commune
    assert page.context["successor"] == tree.other_commune
    assert "1234-QĐ/TU" in html and "Ban Thường vụ Tỉnh ủy Thái Nguyên" in html


def test_the_successor_lists_the_units_merged_into_it(tree, auditor, client):
    with at(D(2025, 8, 1)):
        unit_merge(unit=tree.cell_b, into=tree.cell_a, decision=DECISION, effective_on=D(2025, 7, 1))
    client.force_login(auditor)

    page = client.get(reverse("unit-history", args=[tree.cell_a.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert page.context["predecessors"] == [tree.cell_b]
    assert "Chi bộ Giáo viên 2" in page.content.decode()


def test_a_unit_outside_the_area_answers_404(tree, secretary, client):
    client.force_login(secretary)

    assert client.get(reverse("unit-history", args=[tree.other_commune.pk])).status_code == 404


def test_an_administrator_records_a_rename_with_its_decision(tree, administrator, client):
    client.force_login(administrator)

    with at(D(2025, 8, 1)):
        response = client.post(reverse("unit-change-new", args=[tree.commune.pk]), _form())

    assert response.status_code == 302
    change = OrganisationChange.objects.get()
    assert (change.change, change.name_before, change.name_after) == ("rename", "Đảng ủy phường Phan Đình Phùng",
                                                                      "Đảng ủy phường Mới")  # fmt: skip
    assert change.recorded_by == administrator
    assert Unit.objects.get(pk=tree.commune.pk).name == "Đảng ủy phường Mới"


def test_an_administrator_merges_a_unit_through_the_form(tree, administrator, client):
    client.force_login(administrator)

    with at(D(2025, 8, 1)):
        response = client.post(reverse("unit-change-new", args=[tree.cell_b.pk]),
                               _form(change="merge", name="", into=tree.cell_a.pk))  # fmt: skip

    assert response.status_code == 302
    merged = Unit.objects.get(pk=tree.cell_b.pk)
    assert merged.is_active is False and Unit.objects.get_parent(merged) == tree.cell_a


@pytest.mark.parametrize(("overrides", "message"), [
    ({"decision_number": ""}, "This field is required."),
    ({"effective_on": "31/02/2025"}, "31/02/2025"),
    ({"effective_on": "01/09/2025"}, "in the future"),
    ({"name": "\u200b"}, "Give the unit&#x27;s name."),
    ({"change": "move", "name": ""}, "This change needs this field."),
    ({"change": "explode"}, "Select a valid choice."),
    ({"change": "merge", "into": "999999"}, "Select a valid choice."),
])  # fmt: skip
def test_bad_input_is_refused_with_a_reason_and_nothing_saved(tree, administrator, client, overrides, message):
    client.force_login(administrator)

    with at(D(2025, 8, 1)):
        response = client.post(reverse("unit-change-new", args=[tree.commune.pk]), _form(**overrides),
                               HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not OrganisationChange.objects.exists()
    assert Unit.objects.get(pk=tree.commune.pk).name == "Đảng ủy phường Phan Đình Phùng"


def test_a_merge_under_its_own_sub_unit_is_refused_on_the_page(tree, administrator, client):
    client.force_login(administrator)

    with at(D(2025, 8, 1)):
        response = client.post(reverse("unit-change-new", args=[tree.grassroots.pk]),
                               _form(change="move", name="", new_parent=tree.cell_a.pk),
                               HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 422
    assert "cannot be placed under itself" in response.content.decode()


def test_only_an_administrator_records_changes(tree, commune_staff, client):
    client.force_login(commune_staff)

    assert client.get(reverse("unit-change-new", args=[tree.commune.pk])).status_code == 403
    with at(D(2025, 8, 1)):
        assert client.post(reverse("unit-change-new", args=[tree.commune.pk]), _form()).status_code == 403
    assert not OrganisationChange.objects.exists()


def test_an_administrator_records_that_a_grassroots_youth_union_works_in_a_cell(tree, administrator, client):
    client.force_login(administrator)

    response = client.post(reverse("unit-facts", args=[tree.cell_a.pk]),
                           {"has_grassroots_youth_union": "on", "special_sector": ""})  # fmt: skip

    assert response.status_code == 302
    tree.cell_a.refresh_from_db()
    assert tree.cell_a.has_grassroots_youth_union is True
    page = client.get(reverse("unit-history", args=[tree.cell_a.pk])).content.decode()
    assert "Đoàn cơ sở" in page and "hoạt động trong đơn vị" in page


@pytest.mark.parametrize(
    ("unit_name", "data", "field"),
    [("cell_a", {"special_sector": "navy"}, "special_sector"), ("commune", {"is_residential": "on"}, "is_residential")],
    ids=["unknown-sector", "residential-committee"],
)
def test_facts_that_do_not_fit_the_unit_are_refused_and_nothing_changes(tree, administrator, client, unit_name, data,
                                                                        field):  # fmt: skip
    unit = getattr(tree, unit_name)
    client.force_login(administrator)

    response = client.post(reverse("unit-facts", args=[unit.pk]), {"has_grassroots_youth_union": "on", **data})

    assert response.status_code == 422
    assert response.context["form"].errors[field]
    unit.refresh_from_db()
    assert (unit.has_grassroots_youth_union, unit.is_residential, unit.special_sector) == (False, False, "")


def test_only_an_administrator_edits_the_facts_of_a_unit(tree, commune_staff, client):
    client.force_login(commune_staff)

    assert (
        client.post(reverse("unit-facts", args=[tree.cell_a.pk]), {"has_grassroots_youth_union": "on"}).status_code
        == 403
    )
    tree.cell_a.refresh_from_db()
    assert tree.cell_a.has_grassroots_youth_union is False

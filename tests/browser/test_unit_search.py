"""A province's administrator registers a candidate in one of many cells, on a 360x740 phone: typing a hamlet's
name without diacritics offers the matching cells as radios (htmx), the one chosen is where the case opens.
Without JavaScript the same form works: several matches come back as radios with everything typed kept."""

import pytest

from tests.factories import Role, UserFactory, assign_role, make_unit
from workflows.models import Candidacy

pytestmark = pytest.mark.browser


def _many_cells(tree):
    return [make_unit("grassroots_cell", parent=tree.other_commune, name=f"Chi bộ Thôn {number}",
                      code=f"TN-THON-{number:02d}") for number in range(1, 46)]  # fmt: skip


def _fill_person(page):
    page.fill("#id_full_name", "Hoàng Thị Ngọc Hương")
    page.fill("#id_date_of_birth", "03/09/2001")
    page.select_option("#id_sex", "female")
    page.fill("#id_citizen_id", "019301004567")


def test_province_administrator_finds_the_cell_by_typing_on_a_phone(tree, live_server, page_for, shot):
    cells = _many_cells(tree)
    administrator = UserFactory(username="quantri_tinh_phone")
    assign_role(administrator, Role.ADMINISTRATOR, tree.province)
    page = page_for(administrator, width=360, height=740, is_mobile=True, has_touch=True)

    page.goto(f"{live_server.url}/candidacies/new/")
    assert page.locator("select#id_cell").count() == 0
    page.fill("#id_cell", "thon 7")
    page.wait_for_selector(f"input[type=radio][name=cell][value='{cells[6].pk}']")
    shot(page, "unit-search-phone-1-choices")
    assert page.locator("#id_cell_choices input[type=radio]").count() == 1
    page.check(f"input[type=radio][name=cell][value='{cells[6].pk}']")
    _fill_person(page)
    page.click("main form button.primary")
    page.wait_for_url("**/candidacies/*/")
    shot(page, "unit-search-phone-2-registered")

    candidacy = Candidacy.objects.get()
    assert candidacy.cell == cells[6]
    assert "Hoàng Thị Ngọc Hương" in page.inner_text("main")


def test_without_javascript_several_matches_come_back_as_choices(tree, live_server, page_for, shot):
    cells = _many_cells(tree)
    administrator = UserFactory(username="quantri_tinh_nojs")
    assign_role(administrator, Role.ADMINISTRATOR, tree.province)
    page = page_for(administrator, java_script_enabled=False)

    page.goto(f"{live_server.url}/candidacies/new/")
    page.fill("#id_cell", "thon 1")
    _fill_person(page)
    page.click("main form button.primary")
    page.wait_for_selector("#id_cell_choices input[type=radio]")
    shot(page, "unit-search-desktop-nojs-1-ambiguous")

    assert "Có nhiều tổ chức đảng khớp với “thon 1”" in page.inner_text("main")
    assert page.input_value("#id_full_name") == "Hoàng Thị Ngọc Hương"
    assert not Candidacy.objects.exists()
    page.check(f"input[type=radio][name=cell][value='{cells[9].pk}']")  # Thôn 10
    page.click("main form button.primary")
    page.wait_for_url("**/candidacies/*/")
    shot(page, "unit-search-desktop-nojs-2-registered")

    assert Candidacy.objects.get().cell == cells[9]

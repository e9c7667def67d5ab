"""An administrator of the area, on a 360x740 phone, records that a grassroots Youth Union works in a
cell, from the cell's history page; the page then says so."""

import pytest

from tests.factories import Role, UserFactory, assign_role

pytestmark = pytest.mark.browser


def test_administrator_records_a_grassroots_youth_union_on_a_phone(tree, live_server, page_for, shot):
    administrator = UserFactory(username="quantri_phone")
    assign_role(administrator, Role.ADMINISTRATOR, tree.province)
    page = page_for(administrator, width=360, height=740, is_mobile=True, has_touch=True)

    page.goto(f"{live_server.url}/organisations/{tree.cell_a.pk}/history/")
    page.click("text=Sửa thông tin")
    page.wait_for_url("**/facts/")
    shot(page, "unit-facts-phone-1-form")
    page.check("#id_has_grassroots_youth_union")
    page.click("main form button.primary")
    page.wait_for_url("**/history/")
    shot(page, "unit-facts-phone-2-saved")

    assert "hoạt động trong đơn vị" in page.inner_text("main")
    tree.cell_a.refresh_from_db()
    assert tree.cell_a.has_grassroots_youth_union

"""The unit picker on a phone (360x740): typing part of a name without diacritics offers the units
as the user types; tapping one filters the candidate list. Without JavaScript the Filter button
shows the same choices."""

import pytest

from tests.factories import Role, UserFactory, assign_role, make_unit
from tests.web.conftest import make_candidacy

pytestmark = pytest.mark.browser


@pytest.fixture
def province_auditor(tree):
    for number in range(30):
        make_unit("grassroots_cell", parent=tree.other_commune, name=f"Chi bộ Thôn {number}")
    make_candidacy(tree.cell_a, full_name="Nguyễn Thị Ngọc Hương")
    make_candidacy(tree.other_cell, full_name="Trần Văn Xa")
    auditor = UserFactory(username="kiemtra_picker")
    assign_role(auditor, Role.BOARD_STAFF, tree.province)
    return auditor


def test_auditor_on_a_phone_picks_a_unit_as_she_types(tree, province_auditor, live_server, page_for, shot):
    page = page_for(province_auditor, width=360, height=740)
    page.goto(f"{live_server.url}/candidacies/")
    assert "Trần Văn Xa" in page.locator("main").inner_text()

    page.fill("#id_unit_q", "giao vien 1")
    page.wait_for_selector("#unit-choices a:has-text('Chi bộ Giáo viên 1')")
    shot(page, "phone-unit-picker-choices")
    box = page.locator("#unit-choices li").first.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] <= 360
    page.click("#unit-choices a:has-text('Chi bộ Giáo viên 1')")
    page.wait_for_url(f"**/candidacies/?unit={tree.cell_a.pk}")

    text = page.locator("main").inner_text()
    shot(page, "phone-unit-picked")
    assert "Nguyễn Thị Ngọc Hương" in text and "Trần Văn Xa" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_unit_picker_works_without_javascript(tree, province_auditor, live_server, page_for, shot):
    page = page_for(province_auditor, width=360, height=740, java_script_enabled=False)
    page.goto(f"{live_server.url}/candidacies/")

    page.fill("#id_unit_q", "xom dong")
    page.click("form.filters button.primary")
    page.wait_for_url("**unit_q=xom+dong**")
    shot(page, "phone-unit-picker-no-js")
    page.click("#unit-choices a:has-text('Chi bộ Xóm Đông')")

    text = page.locator("main").inner_text()
    assert "Trần Văn Xa" in text and "Nguyễn Thị Ngọc Hương" not in text


def test_commune_staff_on_a_phone_finds_the_introducer_by_name(tree, live_server, page_for, shot):
    from tests.factories import MembershipFactory
    from workflows.enums import Stage

    for _ in range(45):
        MembershipFactory(cell=tree.cell_c)
    introducer = MembershipFactory(cell=tree.cell_b, person__full_name="Vũ Thị Thanh Nhàn").person
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED, full_name="Lý Văn Khải")
    staff = UserFactory(username="canbo_picker")
    assign_role(staff, Role.GRASSROOTS_STAFF, tree.commune)

    page = page_for(staff, width=360, height=740)
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/mentors/new/?kind=introducer")
    page.fill("#id_mentor_q", "thanh nhan")
    page.wait_for_selector("#mentor-choices a:has-text('Vũ Thị Thanh Nhàn')")
    shot(page, "phone-member-picker")
    page.click("#mentor-choices a:has-text('Vũ Thị Thanh Nhàn')")
    page.wait_for_selector("p.picked")
    page.fill("#id_assigned_on", "05/01/2026")
    page.fill("#id_months_together", "24")
    page.click("main form[method=post] button.primary")
    page.wait_for_url(f"**/candidacies/{candidacy.pk}/")

    assert candidacy.mentorships.get().mentor == introducer
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

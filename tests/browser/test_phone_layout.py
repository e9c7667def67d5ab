"""The cell secretary's phone (360x740): a compact header whose menu opens, tap targets of 44 px, her
work on the home page, and a case's first screen with its stage, deadline and missing documents."""

import pytest

from tests.factories import Role, UserFactory, assign_role
from tests.web.conftest import make_candidacy
from workflows.enums import Stage

pytestmark = pytest.mark.browser


def test_secretary_on_a_phone_finds_her_work_and_opens_the_menu(tree, live_server, page_for, shot):
    secretary = UserFactory(username="bithu_phone")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED, full_name="Nguyễn Thị Hồng Nhung")

    page = page_for(secretary, width=360, height=740)

    header = page.locator("header.topbar").bounding_box()
    shot(page, "phone-home")
    assert header is not None and header["height"] <= 740 / 8
    assert page.locator("nav.topnav").is_hidden()
    page.click("label.menu-button")
    assert page.locator("nav.topnav").is_visible()
    for link in page.locator("nav.topnav a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44
    shot(page, "phone-home-menu-open")
    page.click("label.menu-button")
    assert "Nguyễn Thị Hồng Nhung" in page.locator("main").inner_text()

    page.click("text=Nguyễn Thị Hồng Nhung")
    page.wait_for_url("**/candidacies/*/")
    first_screen = page.locator("main").inner_text()
    assert "Nguyễn Thị Hồng Nhung" in first_screen
    assert page.locator("details.history").count() == 1
    shot(page, "phone-candidate-first-screen")
    assert candidacy.pk

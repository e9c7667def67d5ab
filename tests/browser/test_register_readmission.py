"""Commune staff on a 360x740 phone register a former member applying again: a clearing date in the
future is refused with the reason and everything typed kept; corrected, the case shows it."""

import pytest

from workflows.models import Candidacy

pytestmark = pytest.mark.browser

NAME = "Vũ Đức Thắng"


def test_commune_staff_register_a_readmission_on_a_phone_and_correct_a_mistyped_date(
    tree, commune_staff, live_server, page_for, shot
):
    page = page_for(commune_staff, width=360, height=740, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/candidacies/new/")
    page.select_option("#id_cell", str(tree.cell_a.pk))
    page.fill("#id_full_name", NAME)
    page.fill("#id_date_of_birth", "14.02.1975")
    page.select_option("#id_sex", "male")
    page.fill("#id_citizen_id", "036075001234")
    page.check("#id_is_readmission")
    page.fill("#id_record_cleared_on", "01/06/2099")
    page.click("main form button.primary")

    page.wait_for_selector("main [role=alert]")
    assert "Ngày xóa án tích chỉ ghi cho trường hợp kết nạp lại" in page.inner_text("main")
    assert page.input_value("#id_full_name") == NAME and page.is_checked("#id_is_readmission")
    shot(page, "readmission-phone-1-refused")
    assert not Candidacy.objects.exists()

    page.fill("#id_record_cleared_on", "01/06/2019")
    page.click("main form button.primary")
    page.wait_for_url("**/candidacies/*/")
    shot(page, "readmission-phone-2-case")
    main = page.inner_text("main")
    assert NAME in main and "01/06/2019" in main
    assert Candidacy.objects.get().is_readmission

"""End to end in chromium: the demo's provincial auditor drills from the province to a case, and exports.

On a 1366x768 desktop and a 360x740 phone: the province's dashboard (targets of the current year,
allocated down to the cells), a commune, a cell, one of its candidates; then the compliance audit
to a late case; and the dashboard as an .xlsx download. Screenshots go to test-artifacts/screenshots/.
"""

from unittest import mock

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from partycell.accounts.models import User
from partycell.demo.small import DEMO_PASSWORD
from partycell.notifications.tasks import task_scan_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEVICES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 740, "is_mobile": True,
                                                                 "has_touch": True}}  # fmt: skip
PROVINCE, COMMUNE, CELL = "Tỉnh ủy Thái Nguyên", "Đảng ủy phường Phan Đình Phùng", "Chi bộ Tổ dân phố 1"


@pytest.fixture
def demo(seeded_data):
    # The Celery enqueue is the process boundary: the per-step reminder scans are not what this tests.
    with mock.patch.object(task_scan_reminders, "apply_async"):
        call_command("seed_demo", verbosity=0)


def _child_link(page, name: str):
    return page.locator("section[aria-labelledby=children-heading] table a", has_text=name)


@pytest.mark.parametrize("device", DEVICES)
def test_auditor_drills_from_the_province_to_a_case_and_exports(demo, live_server, page_for, shot, device, tmp_path):
    page = page_for(User.objects.get(username="kiemtra_tinh"), password=DEMO_PASSWORD, **DEVICES[device])

    # The first screen after logging in is the province's dashboard.
    page.wait_for_url("**/targets/units/*/")
    assert PROVINCE in page.inner_text("h1")
    assert "Đơn vị trực thuộc" in page.inner_text("main")  # the communes, with their targets
    shot(page, f"auditor-{device}-1-province")

    with page.expect_download() as download:
        page.click("main a[href*='/export.xlsx']")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(load_workbook(saved).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == PROVINCE and rows[3][:2] == (PROVINCE, 15)

    _child_link(page, COMMUNE).click()
    page.wait_for_load_state()
    assert COMMUNE in page.inner_text("h1")
    shot(page, f"auditor-{device}-2-commune")
    _child_link(page, CELL).click()
    page.wait_for_load_state()
    assert CELL in page.inner_text("h1")
    shot(page, f"auditor-{device}-3-cell")
    candidate = page.locator("section[aria-labelledby=candidates-heading] table a").first
    name = candidate.inner_text()
    candidate.click()
    page.wait_for_url("**/candidacies/*/")
    assert name in page.inner_text("main")
    shot(page, f"auditor-{device}-4-case")

    page.goto(f"{live_server.url}/targets/")
    page.click("main a[href*='/compliance/']")
    page.wait_for_url("**/compliance/**")
    shot(page, f"auditor-{device}-5-compliance")
    finding = page.locator("main section table a[href^='/candidacies/']").first
    name = finding.inner_text()
    finding.click()
    page.wait_for_url("**/candidacies/*/")
    assert name in page.inner_text("main")

"""In chromium: a secretary opens a person's page; the province's auditor finds it in the access log
(Vietnamese, 360x740 phone and desktop). Screenshots go to test-artifacts/screenshots/."""

import pytest

from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 740, "is_mobile": True,
                                                                 "has_touch": True}}  # fmt: skip


@pytest.mark.parametrize("device", DEVICES)
def test_auditor_finds_who_opened_a_persons_page(tree, secretary, auditor, live_server, page_for, shot, device):
    person = PersonFactory(unit=tree.cell_a, full_name="Nguyễn Thị Lan", citizen_id="001190012345")
    page = page_for(secretary, **DEVICES[device])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    assert "Nguyễn Thị Lan" in page.inner_text("main")

    page = page_for(auditor, **DEVICES[device])
    page.goto(f"{live_server.url}/privacy/access-log/")
    page.fill("#id_person", "nguyen thi lan")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    shot(page, f"access-log-{device}")

    row = page.locator("table.list tbody tr").first
    assert "bithu_a" in row.inner_text()
    assert "Nguyễn Thị Lan" in row.inner_text()
    assert page.locator("h1").inner_text() == "Nhật ký truy cập"

"""End to end in chromium: a provincial administrator records a merger with its decision, then reads
the merged cell's history back as it was before the merger, on a phone and at a desk."""

import datetime

import pytest
from django.utils import timezone

from partycell.organisations.models import OrganisationChange, Unit
from tests.factories import Role, UserFactory, assign_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def ddmmyyyy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.mark.parametrize(("width", "height", "name"), [(360, 740, "360"), (1280, 900, "desktop")])
def test_an_administrator_records_a_merger_and_reads_the_history_back(tree, live_server, page_for, shot, width,
                                                                     height, name):  # fmt: skip
    admin = UserFactory(username="quantri_tinh", first_name="Lan", last_name="Trần Thị")
    assign_role(admin, Role.ADMINISTRATOR, tree.province)
    today = timezone.localdate()
    page = page_for(admin, width=width, height=height)

    page.goto(f"{live_server.url}/organisations/{tree.cell_b.pk}/history/")
    assert "Lịch sử của Chi bộ Giáo viên 2" in page.inner_text("main h1")
    page.click(f"a[href='/organisations/{tree.cell_b.pk}/changes/new/']")
    page.select_option("#id_change", "merge")
    page.fill("#id_effective_on", ddmmyyyy(today + datetime.timedelta(days=3)))  # not yet in effect: refused
    page.fill("#id_decision_number", "1234-QĐ/ĐU")
    page.fill("#id_decision_date", ddmmyyyy(today - datetime.timedelta(days=10)))
    page.fill("#id_issuing_body", "Ban Thường vụ Đảng ủy phường Phan Đình Phùng")
    page.select_option("#id_into", str(tree.cell_a.pk))
    page.click("main form button.primary")
    assert "tương lai" in page.inner_text("main form")
    assert Unit.objects.get(pk=tree.cell_b.pk).is_active

    page.fill("#id_effective_on", ddmmyyyy(today - datetime.timedelta(days=1)))
    shot(page, f"unit-merge-form-{name}")
    page.click("main form button.primary")
    page.wait_for_selector(".messages")
    assert "Đã ghi nhận thay đổi" in page.inner_text(".messages")
    assert OrganisationChange.objects.filter(change="merge", unit=tree.cell_b, successor=tree.cell_a).exists()
    assert "Chi bộ Giáo viên 1" in page.inner_text("main dl.facts")  # continued by
    assert "1234-QĐ/ĐU" in page.inner_text("main")

    page.fill("#id_on", ddmmyyyy(today - datetime.timedelta(days=2)))
    page.click("section[aria-labelledby='as-of-title'] button")
    page.wait_for_selector("dl.as-of")
    as_of = page.inner_text("dl.as-of")
    assert "Đảng ủy Trường THPT Chu Văn An" in as_of  # where it sat before the merger
    shot(page, f"unit-history-{name}")
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert overflow is False

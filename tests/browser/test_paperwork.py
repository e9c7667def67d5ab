"""In chromium, on a phone and a desktop: the secretary downloads the cell's resolution (6-KNĐ) filled
from the case and opens its print page in the Party's document format."""

import io

import pytest
from docx import Document

from partycell.paperwork.rendering import document_text
from tests.factories import MembershipFactory, PersonFactory
from tests.walk import D, ServiceWalk, at
from workflows.services import candidacy_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CANDIDATE = "Hoàng Thị Ngọc Ánh"


@pytest.fixture
def decided(tree, secretary, grassroots_staff, commune_standing):
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with at(D(2025, 9, 1)):
        candidacy = candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a, full_name=CANDIDATE),
                                     cell=tree.cell_a)  # fmt: skip
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll[:2])  # fmt: skip
    return walk.through("admission_decide")


@pytest.mark.parametrize(("device", "width", "height"), [("phone", 360, 740), ("desktop", 1366, 768)])
def test_secretary_downloads_the_cell_resolution_from_the_case_page(
    page_for, live_server, shot, secretary, decided, device, width, height
):
    page = page_for(secretary, width=width, height=height)
    page.goto(f"{live_server.url}/candidacies/{decided.pk}/")
    forms = page.locator("#forms")
    forms.scroll_into_view_if_needed()
    assert "Biểu mẫu điền sẵn từ hồ sơ" in forms.inner_text()
    shot(page, f"paperwork-case-{device}")

    with page.expect_download() as started:
        forms.locator(f"a[href='/candidacies/{decided.pk}/forms/6-KND.docx']").click()
    download = started.value
    with open(download.path(), "rb") as saved:
        content = saved.read()

    assert download.suggested_filename == f"mau-6-KND-ho-so-{decided.pk}-2026-03-03.docx"
    text = document_text(content)
    assert Document(io.BytesIO(content)).paragraphs
    assert CANDIDATE in text and "tán thành 6 đồng chí" in text and "T/M CHI BỘ" in text

    page.goto(f"{live_server.url}/candidacies/{decided.pk}/forms/6-KND/print/")
    sheet = page.locator("article.sheet")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in sheet.inner_text() and CANDIDATE in sheet.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    shot(page, f"paperwork-print-{device}")


@pytest.mark.parametrize(("device", "width", "height"), [("phone", 360, 740), ("desktop", 1366, 768)])
def test_commune_standing_prints_the_targets_report_in_the_party_format(
    page_for, live_server, shot, tree, commune_standing, device, width, height
):
    from django.utils import timezone

    from tests.factories import PeriodFactory, TargetFactory

    today = timezone.localdate()
    period = PeriodFactory(starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31))
    TargetFactory(unit=tree.commune, period=period, number=8)
    page = page_for(commune_standing, width=width, height=height)

    page.goto(f"{live_server.url}/targets/units/{tree.commune.pk}/print/?period={period.pk}&number=05-BC/ĐU")

    heading = page.locator(".party-heading").inner_text()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in heading and "Số 05-BC/ĐU" in heading and "Phan Đình Phùng, ngày" in heading
    assert "T/M BAN THƯỜNG VỤ" in page.locator(".party-signature").inner_text()
    assert page.locator("#compliance-heading").is_visible()
    shot(page, f"paperwork-report-print-{device}")
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()  # the number and signer form is not printed
    shot(page, f"paperwork-report-printed-{device}")

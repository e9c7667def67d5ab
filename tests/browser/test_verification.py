"""End to end in chromium: commune staff chase a verification letter, on a phone and at a desk."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CandidacyFactory, Role, UserFactory, assign_role
from tests.walk import perform
from workflows.enums import Stage
from workflows.verification import Conclusion, VerificationRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def ddmmyyyy(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(("width", "height", "name"), [(360, 740, "360"), (1280, 900, "desktop")])
def test_commune_staff_record_a_letter_and_its_reply(tree, live_server, page_for, shot, width, height, name):
    staff = UserFactory(username="vanphong_xa", first_name="Hà", last_name="Nguyễn Thu")
    assign_role(staff, Role.GRASSROOTS_STAFF, tree.commune)
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE, person__full_name="Đặng Thị Thu Trang")
    today = timezone.localdate()
    history = (today - datetime.timedelta(days=20)).isoformat()
    perform(staff, candidacy, "file_open", {"application_date": history, "history_date": history}, today=today)
    page = page_for(staff, width=width, height=height)

    # From the candidate's page to the tracker.
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/")
    page.click(f"a[href='/candidacies/{candidacy.pk}/verification/']")
    assert "Thẩm tra lý lịch" in page.inner_text("main h1")

    # The father, then the letter to his ward in Hà Nội.
    page.click(f"a[href='/candidacies/{candidacy.pk}/verification/people/new/']")
    page.select_option("#id_relation", "father")
    page.fill("#id_full_name", "Đặng Văn Hùng")
    page.fill("#id_birth_year", "1968")
    page.fill("#id_address", "Tổ 5, phường Hoàn Kiếm, Hà Nội")
    page.click("main form button.primary")
    page.wait_for_selector(".messages")

    page.click(f"a[href^='/candidacies/{candidacy.pk}/verification/letters/new/']")
    page.fill("#id_organisation", "Đảng ủy phường Hoàn Kiếm")
    with page.expect_response("**/verification/communes/**"):
        page.select_option("#id_province_code", "1")  # Thành phố Hà Nội: htmx loads its communes
    page.select_option("#id_commune_code", "70")
    page.fill("#id_reference", "15-CV/ĐU")
    page.fill("#id_sent_on", ddmmyyyy(10))
    page.fill("#id_cost_vnd", "45000")
    shot(page, f"verification-letter-{name}")
    page.click("main form button.primary")
    page.wait_for_selector(".messages")
    assert "Chờ trả lời" in page.inner_text("main")
    shot(page, f"verification-pending-{name}")

    # The reply comes back: a reply dated before the letter is refused, the right date is recorded.
    letter = VerificationRequest.objects.get()
    page.click(f"a[href='/candidacies/{candidacy.pk}/verification/letters/{letter.pk}/reply/']")
    page.fill("#id_replied_on", ddmmyyyy(11))
    page.check("input[name=conclusion][value=clear]")
    page.click("main form button.primary")
    assert "không thể trước ngày gửi công văn" in page.inner_text(".field-error")
    shot(page, f"verification-reply-refused-{name}")
    page.fill("#id_replied_on", ddmmyyyy(2))
    page.click("main form button.primary")
    page.wait_for_selector(".messages")
    shot(page, f"verification-answered-{name}")

    letter.refresh_from_db()
    assert (letter.conclusion, letter.replied_on) == (Conclusion.CLEAR, today - datetime.timedelta(days=2))
    assert letter.locality == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

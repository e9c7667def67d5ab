"""The cell secretary's job on a 360x740 phone, from her home page: the case that waits for the cell's
vote, its step button, the vote typed as on the minutes (dd/mm/yyyy), the confirmation, back home with
the success message; then the back button and a second tap on "record", which finds the step already
recorded (not an error) and records no second vote. Screenshots go to test-artifacts/screenshots/.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import MembershipFactory, PersonFactory, Role, UserFactory, assign_role
from tests.walk import to_introduced
from workflows.enums import Stage
from workflows.models import Candidacy, Vote
from workflows.services import candidacy_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740, "is_mobile": True, "has_touch": True}
NAME = "Nguyễn Thị Hồng Nhung"


@pytest.fixture
def introduced(tree):
    """Cell A (seven official members), its secretary, and a candidate whose file is complete (two
    introducers, their comments): next, the cell votes."""
    secretary = UserFactory(username="bithu_a", last_name="Trần Thị", first_name="Lan")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    verifier = UserFactory(username="canbo_dangbo")
    assign_role(verifier, Role.GRASSROOTS_STAFF, tree.grassroots)
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        person = PersonFactory(unit=tree.cell_a, full_name=NAME, date_of_birth=datetime.date(1999, 5, 17))
        candidacy = candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    to_introduced(candidacy, secretary=secretary, grassroots_actor=verifier, introducers=roll[:2])
    assert candidacy.stage == Stage.INTRODUCED
    return secretary, candidacy


def vote_button(page, candidacy):
    return page.locator(f"main li.todo-item a.button.primary[href^='/candidacies/{candidacy.pk}/steps/cell_vote/']")


def vote_from_home(page, live_server, candidacy, shot=None) -> str:
    """From the home page: tap the case's cell-vote button, fill the vote, continue, tick, record.
    Returns the meeting date as typed."""
    meeting = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    vote_button(page, candidacy).click()
    page.wait_for_selector("#id_meeting_date")
    assert NAME in page.inner_text("main")
    page.fill("#id_meeting_date", meeting)
    page.fill("#id_present", "7")
    page.fill("#id_in_favour", "7")
    page.fill("#id_against", "0")
    page.fill("#id_resolution_number", "12-NQ/CB")
    if shot:
        shot(page, "secretary-2-vote-form")
    page.click("main form button.primary")

    # The confirmation repeats what was typed, "against: 0" included; nothing is recorded yet.
    page.wait_for_selector("#id_confirmed")
    summary = page.inner_text("main .summary-table")
    assert meeting in summary and "12-NQ/CB" in summary
    assert "Không tán thành\t0" in summary
    assert Vote.objects.filter(candidacy=candidacy).count() == 0
    page.check("#id_confirmed")
    if shot:
        shot(page, "secretary-3-confirm")
    page.click("main form button.primary")
    page.wait_for_url(f"{live_server.url}/")
    return meeting


def back_and_submit_again(page) -> None:
    """The browser's back button to the confirmation, and a second tap on "record"."""
    page.go_back()
    page.wait_for_selector("#id_confirmed")
    if not page.is_checked("#id_confirmed"):
        page.check("#id_confirmed")
    with page.expect_navigation():
        page.click("main form button.primary")
    page.wait_for_load_state()


def test_secretary_records_the_cell_vote_from_her_home_page_on_a_phone(introduced, live_server, page_for, shot):
    secretary, candidacy = introduced
    page = page_for(secretary, **PHONE)

    # Home, the first screen after logging in: her name in Vietnamese order, what waits for her.
    assert page.url == f"{live_server.url}/"
    assert "Trần Thị Lan" in page.inner_text("main h1")
    work = page.locator("section[aria-labelledby=work-title]")
    assert "1 hồ sơ" in work.locator("h2").inner_text()
    item = work.locator("li.todo-item", has_text=NAME)
    assert "Chi bộ Giáo viên 1" in item.inner_text()
    assert vote_button(page, candidacy).count() == 1
    assert "biểu quyết" in vote_button(page, candidacy).inner_text()
    box = vote_button(page, candidacy).bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360
    shot(page, "secretary-1-home")

    vote_from_home(page, live_server, candidacy, shot)

    # Back home, told what was recorded and where the case is now; it no longer waits for her.
    message = page.inner_text(".messages")
    assert "Đã ghi nhận" in message and NAME in message and "Chi bộ đã đề nghị kết nạp" in message
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.CELL_APPROVED
    assert vote_button(page, candidacy).count() == 0
    assert "0 hồ sơ" in page.inner_text("section[aria-labelledby=work-title] h2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "secretary-4-home-after-vote")

    # The back button, then "record" again: "already recorded", no error, no second vote.
    back_and_submit_again(page)
    shot(page, "secretary-5-second-submit")
    assert "Bước này đã được ghi nhận." in page.inner_text(".messages")
    body = page.inner_text("body")
    assert "người khác" not in body.lower()  # not the stale-form error "someone else changed this file"
    assert page.locator(".errorlist").count() == 0
    assert Vote.objects.filter(candidacy=candidacy).count() == 1
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.CELL_APPROVED


def test_the_second_submit_from_the_home_page_lands_on_the_case(introduced, live_server, page_for):
    secretary, candidacy = introduced
    page = page_for(secretary, **PHONE)
    vote_from_home(page, live_server, candidacy)

    back_and_submit_again(page)

    assert "Bước này đã được ghi nhận." in page.inner_text(".messages")
    assert Vote.objects.filter(candidacy=candidacy).count() == 1
    assert page.url == f"{live_server.url}/candidacies/{candidacy.pk}/"

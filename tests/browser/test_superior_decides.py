"""A failed admission vote reported upward (domain.md A9, 2A): the commune's staff find the case on their
home page and pause it until a date through the generic step page, on a 360x740 phone and on a desktop.
Screenshots go to test-artifacts/screenshots/.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import MembershipFactory, PersonFactory, Role, UserFactory, assign_role
from tests.walk import to_introduced, vote
from workflows.enums import Stage
from workflows.models import Candidacy
from workflows.services import candidacy_create, candidacy_perform

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740, "is_mobile": True, "has_touch": True}
NAME = "Lò Văn Thắng"


@pytest.fixture
def escalated(tree):
    """A candidate whose cell vote failed yesterday: reported upward to the commune at once."""
    secretary = UserFactory(username="bithu_a")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    verifier = UserFactory(username="canbo_dangbo")
    assign_role(verifier, Role.GRASSROOTS_STAFF, tree.grassroots)
    commune = UserFactory(username="canbo_xa", last_name="Hà Thị", first_name="Mai")
    assign_role(commune, Role.GRASSROOTS_STAFF, tree.commune)
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        person = PersonFactory(unit=tree.cell_a, full_name=NAME, date_of_birth=datetime.date(1996, 5, 17))
        candidacy = candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    to_introduced(candidacy, secretary=secretary, grassroots_actor=verifier, introducers=roll[:2])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    candidacy_perform(actor=secretary, candidacy=candidacy, action="cell_vote", data=vote(yesterday, in_favour=3))
    assert candidacy.stage == Stage.ESCALATED
    return commune, candidacy


@pytest.mark.parametrize(("size", "name"), [(PHONE, "phone"), ({"width": 1280, "height": 900}, "desktop")])
def test_commune_staff_pause_a_reported_admission_from_their_home_page(escalated, live_server, page_for, shot,
                                                                      size, name):  # fmt: skip
    commune, candidacy = escalated
    page = page_for(commune, **size)

    item = page.locator("main li.todo-item", has_text=NAME)
    pause = item.locator(f"a[href^='/candidacies/{candidacy.pk}/steps/escalation_pause/']")
    assert pause.count() == 1
    assert item.locator(f"a[href^='/candidacies/{candidacy.pk}/steps/escalation_revote/']").count() == 1
    shot(page, f"superior-1-home-{name}")

    pause.click()
    page.wait_for_selector("#id_paused_until")
    assert "Tạm dừng" in page.inner_text("main")
    today = timezone.localdate()
    until = today + datetime.timedelta(days=90)
    page.fill("#id_decision_date", today.strftime("%d/%m/%Y"))
    page.fill("#id_decision_number", "45-TB/ĐU")
    page.fill("#id_reason", "Tiếp tục bồi dưỡng, xem xét lại sau ba tháng")
    page.fill("#id_paused_until", until.strftime("%d/%m/%Y"))
    if name == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"superior-2-pause-form-{name}")
    page.click("main form button.primary")

    page.wait_for_selector("#id_confirmed")
    assert until.strftime("%d/%m/%Y") in page.inner_text("main")
    page.check("#id_confirmed")
    shot(page, f"superior-3-confirm-{name}")
    page.click("main form button.primary")
    page.wait_for_load_state()
    shot(page, f"superior-4-after-{name}")

    assert "Đã ghi nhận" in page.inner_text(".messages")
    candidacy = Candidacy.objects.get(pk=candidacy.pk)
    assert (candidacy.stage, candidacy.paused_until) == (Stage.INTRODUCED, until)


def test_a_pause_ending_before_the_decision_is_refused_in_vietnamese_and_nothing_is_saved(
    escalated, live_server, page_for, shot
):
    commune, candidacy = escalated
    page = page_for(commune, **PHONE)
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/steps/escalation_pause/")
    today = timezone.localdate()
    page.fill("#id_decision_date", today.strftime("%d/%m/%Y"))
    page.fill("#id_reason", "Tạm dừng")
    page.fill("#id_paused_until", today.strftime("%d/%m/%Y"))
    page.click("main form button.primary")
    page.wait_for_selector(".errorlist")
    shot(page, "superior-5-pause-refused-phone")

    assert "Ngày hết tạm dừng phải sau ngày quyết định" in page.inner_text("main")
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.ESCALATED

"""End to end in chromium: register a candidate and take them to the cell vote; a secretary approves on a phone."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import MembershipFactory, PersonFactory, Role, UserFactory, assign_role
from tests.walk import to_introduced
from workflows.enums import Stage
from workflows.models import Candidacy
from workflows.services import candidacy_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def ddmmyyyy(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).strftime("%d/%m/%Y")


def take_step(page, action: str, fields: dict[str, str]) -> None:
    """Fill the step's form on the candidate page, continue, tick the confirmation, record."""
    form = page.locator(f"form[action$='/steps/{action}/']")
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(value)
    form.locator("button.primary").click()
    page.check("#id_confirmed")
    page.click("main form button.primary")
    page.wait_for_selector(".messages")


def test_commune_staff_register_a_candidate_and_take_them_to_the_cell_vote(tree, live_server, page_for, shot):
    # Commune staff log the candidate and the file; the cell's vote is then the cell's.
    staff = UserFactory(username="vanphong_xa")
    assign_role(staff, Role.GRASSROOTS_STAFF, tree.commune)
    introducers = [MembershipFactory(cell=tree.cell_a).person for _ in range(2)]
    page = page_for(staff)
    assert "Việc cần làm" in page.inner_text("nav")

    page.goto(f"{live_server.url}/candidacies/new/")
    assert "Họ và tên" in page.inner_text("main")
    page.select_option("#id_cell", str(tree.cell_a.pk))
    page.fill("#id_full_name", "Đặng Thị Thu Trang")
    page.fill("#id_date_of_birth", "17/05/1999")
    page.select_option("#id_sex", "female")
    page.fill("#id_citizen_id", "001199012345")
    shot(page, "register")
    page.click("main form button.primary")
    page.wait_for_url("**/candidacies/*/")
    candidacy = Candidacy.objects.get(person__citizen_id="001199012345")

    take_step(page, "sympathiser_add", {"resolution_date": ddmmyyyy(60), "resolution_number": "05-NQ/CB"})

    page.goto(f"{live_server.url}/candidacies/awareness-class/")
    page.fill("#id_starts_on", ddmmyyyy(50))
    page.fill("#id_ends_on", ddmmyyyy(46))
    page.fill("#id_issued_on", ddmmyyyy(45))
    page.fill("#id_issuer", "Trung tâm chính trị phường")
    page.check(f"#id_select_{candidacy.pk}")
    page.fill(f"#id_certificate_{candidacy.pk}", "35-CN/TTCT")
    shot(page, "awareness-class")
    page.click("main form[method=post] button.primary")
    page.wait_for_selector(".messages")

    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/")
    take_step(page, "file_open", {"application_date": ddmmyyyy(40), "history_date": ddmmyyyy(38)})
    take_step(page, "history_verify", {"verification_date": ddmmyyyy(30)})
    for introducer in introducers:
        page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/mentors/new/")
        page.select_option("#id_mentor", str(introducer.pk))
        page.select_option("#id_kind", "introducer")
        page.fill("#id_assigned_on", ddmmyyyy(25))
        page.fill("#id_months_together", "18")
        page.click("main form button.primary")
        page.wait_for_selector(".messages")
    take_step(page, "introduction_record", {"introduction_date": ddmmyyyy(20), "comments_date": ddmmyyyy(15)})

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.INTRODUCED
    # The file is ready for the cell's vote, which the cell itself records: it is never offered to staff.
    assert page.locator("form[action$='/steps/cell_vote/']").count() == 0
    assert page.locator("a[href*='/steps/cell_vote/']").count() == 0
    shot(page, "candidate-page")
    page.goto(f"{live_server.url}/candidacies/")
    shot(page, "candidate-list")


def test_cell_secretary_approves_from_the_todo_page_on_a_phone(tree, live_server, page_for, shot):
    secretary = UserFactory(username="bithu_a")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    verifier = UserFactory(username="canbo_dangy")
    assign_role(verifier, Role.GRASSROOTS_STAFF, tree.grassroots)
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        person = PersonFactory(unit=tree.cell_a, full_name="Nguyễn Văn Mạnh", date_of_birth=datetime.date(1999, 5, 17))
        candidacy = candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    to_introduced(candidacy, secretary=secretary, grassroots_actor=verifier, introducers=roll[:2])
    page = page_for(secretary, width=360, height=740)

    page.goto(f"{live_server.url}/todo/")
    assert "Việc cần làm" in page.inner_text("main h1")
    shot(page, "todo-360")
    page.click(f"a[href^='/candidacies/{candidacy.pk}/steps/cell_vote/']")
    page.fill("#id_meeting_date", ddmmyyyy(1))
    page.fill("#id_present", "7")
    page.fill("#id_in_favour", "6")
    page.fill("#id_against", "1")
    page.fill("#id_resolution_number", "12-NQ/CB")
    shot(page, "cell-vote-360")
    page.click("main form button.primary")
    page.check("#id_confirmed")
    shot(page, "cell-vote-confirm-360")
    page.click("main form button.primary")
    page.wait_for_url("**/todo/")

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.CELL_APPROVED
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "todo-after-vote-360")

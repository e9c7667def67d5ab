"""Commune staff's job on a 1366x768 desktop: register a candidate whose name has Vietnamese diacritics,
take the sympathiser list and the awareness class, open the file with real PDF scans, assign the two
introducers (one with the months together mistyped as 2), see the introduction blocked with the reason
and its link, end that assignment with a reason through "End or replace" on the candidate page, assign
the introducer again correctly and record the introduction. What a user sees is asserted at each
point; screenshots go to test-artifacts/screenshots/.
"""

import datetime

import pytest

from tests.browser.test_walkthrough import ddmmyyyy, take_step
from tests.factories import MembershipFactory, PersonFactory, Role, UserFactory, assign_role
from tests.files import pdf_bytes
from tests.walk import START, ServiceWalk, at
from workflows import services
from workflows.enums import FormCode, MentorKind, Stage
from workflows.models import Candidacy, Mentorship

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1366, "height": 768}
NAME = "Võ Thị Thùy Dương"
RIGHT, WRONG = "Lê Văn Hưởng", "Phạm Thị Ngọc Ánh"
TOO_FEW_MONTHS = f"Người giới thiệu {WRONG} chưa cùng công tác, học tập hoặc cư trú với người vào Đảng đủ 12 tháng."
TYPO = "Nhập sai số tháng cùng công tác: 2 thay vì 24."


def member(cell, full_name):
    """An official member of ``cell`` (since 2016) named ``full_name``."""
    return MembershipFactory(cell=cell, person=PersonFactory(unit=cell, full_name=full_name)).person


@pytest.fixture
def staff(tree):
    user = UserFactory(username="canbo_xa", last_name="Hoàng Minh", first_name="Tuấn")
    assign_role(user, Role.GRASSROOTS_STAFF, tree.commune)
    return user


def assign_introducer(page, live_server, candidacy, mentor, *, months: str, on: str) -> None:
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/mentors/new/?kind=introducer")
    page.select_option("#id_mentor", str(mentor.pk))
    assert page.input_value("#id_kind") == "introducer"
    page.fill("#id_assigned_on", on)
    page.fill("#id_months_together", months)
    page.click("main form button.primary")
    page.wait_for_url(f"**/candidacies/{candidacy.pk}/")
    assert page.inner_text(".messages") == f"Đã phân công {mentor.full_name}."


def mentor_row(page, name: str, *, ended: bool = False):
    rows = page.locator("section[aria-labelledby=mentors-title] li", has_text=name)
    return rows.filter(has_text=TYPO) if ended else rows.filter(has_not_text=TYPO)


def end_or_replace(page, name: str, *, ended_on: str | None = None, by_mistake: bool = False, shot=None) -> None:
    """Through "End or replace" on the candidate page: the end date, or "entered by mistake"; the reason."""
    mentor_row(page, name).get_by_role("link", name="Kết thúc hoặc thay người").click()
    page.wait_for_selector("#id_reason")
    assert name in page.inner_text("main h1") and "Người giới thiệu" in page.inner_text("main h1")
    if ended_on is not None:
        page.fill("#id_ended_on", ended_on)
    if by_mistake:
        page.check("#id_by_mistake")
    page.fill("#id_reason", TYPO)
    if shot:
        shot(page, "staff-6-end-assignment")
    page.click("main form button.primary")
    page.wait_for_url("**/candidacies/*/")
    assert page.inner_text(".messages") == f"Đã kết thúc phân công của {name}."


def test_commune_staff_register_a_candidate_and_fix_a_wrong_introducer(
    tree, staff, live_server, page_for, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    right, wrong = member(tree.cell_a, RIGHT), member(tree.cell_a, WRONG)
    page = page_for(staff, **DESKTOP)

    # Register the candidate: the name as typed, diacritics and Vietnamese order kept.
    page.goto(f"{live_server.url}/candidacies/new/")
    page.select_option("#id_cell", str(tree.cell_a.pk))
    page.fill("#id_full_name", NAME)
    page.fill("#id_date_of_birth", "03/08/2000")
    page.select_option("#id_sex", "female")
    page.fill("#id_citizen_id", "038300012345")
    shot(page, "staff-1-register")
    page.click("main form button.primary")
    page.wait_for_url("**/candidacies/*/")
    candidacy = Candidacy.objects.get(person__citizen_id="038300012345")
    assert page.inner_text("main h1") == NAME
    assert candidacy.person.full_name == NAME

    # The list of sympathisers, then the awareness class.
    take_step(page, "sympathiser_add", {"resolution_date": ddmmyyyy(60), "resolution_number": "05-NQ/CB"})
    assert "Trong danh sách cảm tình Đảng" in page.inner_text(".messages")
    page.goto(f"{live_server.url}/candidacies/awareness-class/")
    page.fill("#id_starts_on", ddmmyyyy(50))
    page.fill("#id_ends_on", ddmmyyyy(46))
    page.fill("#id_issued_on", ddmmyyyy(45))
    page.fill("#id_issuer", "Trung tâm chính trị phường")
    assert NAME in page.inner_text("main form[method=post]")
    page.check(f"#id_select_{candidacy.pk}")
    page.fill(f"#id_certificate_{candidacy.pk}", "35-CN/TTCT")
    shot(page, "staff-2-awareness-class")
    page.click("main form[method=post] button.primary")
    page.wait_for_selector(".messages")
    assert "cho 1 đối tượng" in page.inner_text(".messages")

    # Open the file: the application and the personal history as real PDF scans.
    (tmp_path / "don-xin-vao-dang.pdf").write_bytes(pdf_bytes())
    (tmp_path / "ly-lich.pdf").write_bytes(pdf_bytes())
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/steps/file_open/")
    page.fill("#id_application_date", ddmmyyyy(40))
    page.set_input_files("#id_application_file", str(tmp_path / "don-xin-vao-dang.pdf"))
    page.fill("#id_history_date", ddmmyyyy(38))
    page.set_input_files("#id_history_file", str(tmp_path / "ly-lich.pdf"))
    page.click("main form button.primary")
    page.wait_for_selector("#id_confirmed")
    summary = page.inner_text("main .summary-table")
    assert "don-xin-vao-dang.pdf" in summary and "ly-lich.pdf" in summary
    page.check("#id_confirmed")
    shot(page, "staff-3-file-open-confirm")
    page.click("main form button.primary")
    page.wait_for_url(f"**/candidacies/{candidacy.pk}/")
    assert "Đã lập hồ sơ xin vào Đảng" in page.inner_text(".messages")
    on_file = page.inner_text("#checklist")
    assert "1-KNĐ Đơn xin vào Đảng" in on_file and "2-KNĐ Lý lịch" in on_file
    assert page.locator("#checklist").get_by_role("link", name="bản quét", exact=True).count() == 2
    scans = candidacy.documents.exclude(file="").values_list("form_code", flat=True)
    assert sorted(scans) == sorted([FormCode.APPLICATION, FormCode.PERSONAL_HISTORY])
    take_step(page, "history_verify", {"verification_date": ddmmyyyy(30)})

    # Two introducers; the second with the months together mistyped: the introduction is blocked,
    # with the reason and a link to assign an introducer.
    assign_introducer(page, live_server, candidacy, right, months="24", on=ddmmyyyy(25))
    assign_introducer(page, live_server, candidacy, wrong, months="2", on=ddmmyyyy(25))
    assert "2 tháng cùng công tác" in mentor_row(page, WRONG).inner_text()
    facts = page.inner_text("section[aria-labelledby=facts-title]")
    assert "Ghi nhận việc giới thiệu và ý kiến nhận xét (chưa thực hiện được)" in facts
    blocked = page.locator("#actions .action.blocked", has_text="Ghi nhận việc giới thiệu và ý kiến nhận xét")
    assert "Trước khi ghi nhận bước này, cần:" in blocked.inner_text()
    reason = blocked.locator("li", has_text=TOO_FEW_MONTHS)
    assert reason.count() == 1
    link = reason.get_by_role("link")
    # The wrong assignment is lifted by ending (or replacing) it: the link goes to that assignment.
    mistyped = Mentorship.objects.get(candidacy=candidacy, months_together=2)
    assert link.inner_text() == "Kết thúc phân công"
    assert link.get_attribute("href") == f"/candidacies/{candidacy.pk}/mentors/{mistyped.pk}/end/"
    assert "Cần 2 người giới thiệu đủ điều kiện; mới ghi nhận 1 người." in blocked.inner_text()
    assert page.locator("form[action$='/steps/introduction_record/']").count() == 0
    shot(page, "staff-4-introduction-blocked")
    # The step's own page says the same.
    blocked.get_by_role("link", name="Mở bước này").click()
    page.wait_for_url("**/steps/introduction_record/")
    assert TOO_FEW_MONTHS in page.inner_text("main .blockers")
    shot(page, "staff-5-introduction-step-blocked")
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/")

    # End the mistyped assignment, from the day it was made, with the reason.
    end_or_replace(page, WRONG, ended_on=ddmmyyyy(25), shot=shot)
    ended = mentor_row(page, WRONG, ended=True)
    assert ended.count() == 1 and ended.get_by_role("link").count() == 0
    assert TOO_FEW_MONTHS not in page.inner_text("main")
    assert "Cần 2 người giới thiệu đủ điều kiện; mới ghi nhận 1 người." in page.inner_text("#actions")
    # The history says who ended which assignment, and why, in words (no keys, no Python values).
    page.click("details.history summary")
    entry = page.locator("ol.timeline > li", has_text="“Kết thúc phân công”")
    assert entry.count() == 1
    text = entry.inner_text()
    assert "Hoàng Minh Tuấn ghi nhận “Kết thúc phân công”" in text
    assert f"{WRONG} (Người giới thiệu)" in text and TYPO in text
    history = page.inner_text("details.history")
    for raw in ("mentor_end", "mentor_assign", "months_together", "ended_on", "None", "{", "introducer"):
        assert raw not in history
    shot(page, "staff-7-assignment-ended")

    # The introducer again, with the right months; the introduction is recorded.
    assign_introducer(page, live_server, candidacy, wrong, months="24", on=ddmmyyyy(25))
    assert page.locator("#actions .action.blocked").count() == 0
    take_step(page, "introduction_record", {"introduction_date": ddmmyyyy(20), "comments_date": ddmmyyyy(15)})
    assert "Đã giới thiệu, tổng hợp ý kiến nhận xét" in page.inner_text(".messages")
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.INTRODUCED
    rows = Mentorship.objects.filter(candidacy=candidacy, mentor=wrong)
    assert sorted((row.months_together, row.reason) for row in rows) == [(2, TYPO), (24, "")]
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    shot(page, "staff-8-introduced")


@pytest.fixture
def one_introducer_mistyped(tree, staff):
    """A verified file (the happy path's dates, up to 15 January 2026) with two introducers assigned on
    2 February 2026, the second with 2 months together instead of 24."""
    right, wrong = member(tree.cell_a, RIGHT), member(tree.cell_a, WRONG)
    with at(START):
        person = PersonFactory(unit=tree.cell_a, full_name=NAME, date_of_birth=datetime.date(2000, 8, 3))
        candidacy = services.candidacy_create(actor=staff, person=person, cell=tree.cell_a)
    ServiceWalk(candidacy, cell=staff, grassroots=staff).through("history_verify")
    with at(datetime.date(2026, 2, 2)):
        for mentor, months in ((right, 24), (wrong, 2)):
            services.mentor_assign(actor=staff, candidacy=candidacy, mentor=mentor, kind=MentorKind.INTRODUCER,
                                   assigned_on=datetime.date(2026, 2, 2), months_together=months)  # fmt: skip
    return candidacy, wrong


def test_a_mistyped_introducer_voided_as_a_mistake_no_longer_blocks_an_earlier_introduction(
    one_introducer_mistyped, staff, live_server, page_for, shot
):
    candidacy, wrong = one_introducer_mistyped
    page = page_for(staff, **DESKTOP)
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/")
    assert TOO_FEW_MONTHS in page.inner_text("#actions")

    # A wrong entry is voided, not ended today: ended today, it would still count on earlier dates.
    end_or_replace(page, WRONG, by_mistake=True)
    assign_introducer(page, live_server, candidacy, wrong, months="24", on="02/02/2026")
    assert page.locator("#actions .action.blocked").count() == 0  # the page says the step can be taken
    form = page.locator("form[action$='/steps/introduction_record/']")
    form.locator("[name=introduction_date]").fill("03/02/2026")
    form.locator("[name=comments_date]").fill("20/02/2026")
    form.locator("button.primary").click()
    page.check("#id_confirmed")
    page.click("main form button.primary")
    page.wait_for_load_state()
    shot(page, "staff-x-introduction-refused-after-the-fix")

    assert page.locator(".errorlist").count() == 0, page.inner_text(".errorlist")
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.INTRODUCED


def test_the_link_next_to_a_mistyped_introducer_leads_to_ending_that_assignment(
    one_introducer_mistyped, staff, live_server, page_for
):
    candidacy, wrong = one_introducer_mistyped
    mistyped = Mentorship.objects.get(candidacy=candidacy, mentor=wrong)
    page = page_for(staff, **DESKTOP)
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/")

    link = page.locator("#actions .action.blocked li", has_text=TOO_FEW_MONTHS).get_by_role("link")

    assert link.get_attribute("href") == f"/candidacies/{candidacy.pk}/mentors/{mistyped.pk}/end/"

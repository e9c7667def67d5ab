"""The whole case in chromium, as commune staff (1366x768 desktop) and the cell secretary (360x740 phone)
do it, after the file is verified: the staff fix a mistyped introducer and record the introduction; the
secretary records the cell's vote with a count typed wrong and corrects it from the case history; the
staff record the grassroots committee's vote and the admission decision, reverse the decision (recorded
too early) and record it again; the secretary records the ceremony; thirteen months later the secretary
records the recognition vote and the staff the review and the recognition decision. The history shows
the corrected entry and the reversed one with who and why, in words. Screenshots go to
test-artifacts/screenshots/.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.browser.test_commune_staff_job import DESKTOP, RIGHT, TOO_FEW_MONTHS, WRONG, end_or_replace, member
from tests.factories import PersonFactory, Role, UserFactory, assign_role
from tests.walk import START, ServiceWalk, at
from workflows import services
from workflows.enums import Action, FormCode, MentorKind, Stage
from workflows.models import Candidacy, TransitionLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740, "is_mobile": True, "has_touch": True}
NAME = "Trịnh Thị Mai Anh"
FIX = "Họp chi bộ ngày hôm trước; nhập nhầm ngày."
VOTE, DECISION = "Ghi nhận kết quả biểu quyết kết nạp của chi bộ", "Ghi nhận quyết định kết nạp"
EARLY = "Ghi quyết định trước khi văn bản được ký; ghi lại khi có quyết định chính thức."


def day(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).strftime("%d/%m/%Y")


def record(page, action: str, fields: dict[str, str], selects: dict[str, str] | None = None) -> str:
    """Fill the step's form on the candidate page, continue, confirm; return the message shown."""
    form = page.locator(f"form[action$='/steps/{action}/']")
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(value)
    for name, value in (selects or {}).items():
        form.locator(f"[name='{name}']").select_option(value)
    form.locator("button.primary").click()
    page.check("#id_confirmed")
    page.click("main form button.primary")
    page.wait_for_selector(".messages")
    return page.inner_text(".messages")


def history_entry(page, label: str):
    if page.locator("details.history[open]").count() == 0:
        page.click("details.history summary")
    return page.locator("ol.timeline > li", has_text=f"“{label}”").first


@pytest.fixture
def people(tree):
    staff = UserFactory(username="canbo_xa", last_name="Hoàng Minh", first_name="Tuấn")
    assign_role(staff, Role.GRASSROOTS_STAFF, tree.commune)
    secretary = UserFactory(username="bithu_a", last_name="Đỗ Thị", first_name="Lan")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    return staff, secretary


@pytest.fixture
def verified(tree, people):
    """A file verified in January 2026 with two introducers, the second with 2 months together (not 24)."""
    staff, _secretary = people
    right, wrong = member(tree.cell_a, RIGHT), member(tree.cell_a, WRONG)
    with at(START):
        person = PersonFactory(unit=tree.cell_a, full_name=NAME, date_of_birth=datetime.date(2000, 8, 3))
        candidacy = services.candidacy_create(actor=staff, person=person, cell=tree.cell_a)
    ServiceWalk(candidacy, cell=staff, grassroots=staff).through("history_verify")
    with at(datetime.date(2026, 2, 2)):
        for mentor, months in ((right, 24), (wrong, 2)):
            services.mentor_assign(actor=staff, candidacy=candidacy, mentor=mentor, kind=MentorKind.INTRODUCER,
                                   assigned_on=datetime.date(2026, 2, 2), months_together=months)  # fmt: skip
    return candidacy, right, wrong


def test_the_case_goes_through_vote_decision_ceremony_and_recognition_with_a_correction_and_a_reversal(
    tree, people, verified, live_server, page_for, shot
):
    staff, secretary = people
    candidacy, right, wrong = verified
    desk = page_for(staff, **DESKTOP)
    case_url = f"{live_server.url}/candidacies/{candidacy.pk}/"

    # Staff: the mistyped introducer voided as a mistake and assigned again; the introduction recorded.
    desk.goto(case_url)
    assert TOO_FEW_MONTHS in desk.inner_text("#actions")
    end_or_replace(desk, WRONG, by_mistake=True)
    desk.goto(f"{case_url}mentors/new/?kind=introducer")
    desk.select_option("#id_mentor", str(wrong.pk))
    desk.fill("#id_assigned_on", "02/02/2026")
    desk.fill("#id_months_together", "24")
    desk.click("main form button.primary")
    desk.wait_for_url(case_url)
    assert "Đã giới thiệu" in record(desk, "introduction_record",
                                     {"introduction_date": "03/02/2026", "comments_date": day(10)})  # fmt: skip

    # The secretary, on her phone: the cell's vote, with "against" typed 0 instead of 1.
    phone = page_for(secretary, **PHONE)
    phone.goto(case_url)
    message = record(phone, "cell_vote", {"meeting_date": day(3), "present": "2", "in_favour": "2", "against": "0"},
                     {"method": "secret_ballot"})  # fmt: skip
    assert "Chi bộ đã đề nghị kết nạp" in message
    vote_entry = TransitionLog.objects.get(candidacy=candidacy, action=Action.CELL_VOTE)
    # The meeting was held the day before the date typed: corrected from the case history.
    entry = history_entry(phone, VOTE)
    entry.get_by_role("link", name="Đính chính mục này").click()
    phone.wait_for_selector("#id_reason")
    assert phone.input_value("#id_meeting_date") == day(3)
    phone.fill("#id_meeting_date", day(4))
    phone.fill("#id_reason", FIX)
    shot(phone, "whole-case-phone-1-correct-the-vote")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.click("main form button.primary")
    phone.wait_for_url(f"**/candidacies/{candidacy.pk}/**")
    assert "Đã ghi nhận đính chính" in phone.inner_text(".messages")
    corrected = history_entry(phone, VOTE)
    assert "Đã đính chính" in corrected.inner_text() and FIX in corrected.inner_text()
    assert "Đỗ Thị Lan" in corrected.inner_text()
    correction = history_entry(phone, "Đính chính một bước đã ghi").inner_text()
    assert f"{day(3)} → {day(4)}" in correction and "meeting_date" not in correction
    shot(phone, "whole-case-phone-2-vote-corrected")
    candidacy.refresh_from_db()
    assert candidacy.cell_resolution_date == timezone.localdate() - datetime.timedelta(days=4)
    assert TransitionLog.objects.get(pk=vote_entry.pk).evidence == vote_entry.evidence  # never updated

    # Staff: the grassroots committee's vote, the decision recorded too early, reversed, recorded again.
    desk.goto(case_url)
    record(desk, "grassroots_vote", {"meeting_date": day(2), "eligible": "9", "present": "9", "in_favour": "8",
                                     "against": "1"}, {"method": "secret_ballot"})  # fmt: skip
    record(desk, "admission_decide", {"decision_number": "125-QĐ/ĐU", "decision_date": day(1)})
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.ADMISSION_DECIDED
    history_entry(desk, DECISION).get_by_role("link", name="Hủy bước này").click()
    desk.wait_for_selector("#id_reason")
    assert "Hồ sơ trở lại bước" in desk.inner_text("main")
    desk.fill("#id_reason", EARLY)
    shot(desk, "whole-case-desktop-3-reverse-the-decision")
    desk.click("main form button.primary")
    desk.wait_for_url(case_url)
    assert "Đã hủy bước" in desk.inner_text(".messages")
    desk.go_back()  # the back button after the reversal: recorded, not an error
    desk.wait_for_load_state()
    desk.goto(case_url)
    reversed_entry = history_entry(desk, DECISION)
    assert "Đã hủy" in reversed_entry.inner_text() and EARLY in reversed_entry.inner_text()
    shot(desk, "whole-case-desktop-4-decision-reversed")
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.GRASSROOTS_APPROVED
    record(desk, "admission_decide", {"decision_number": "126-QĐ/ĐU", "decision_date": day(0)})

    # The secretary: the ceremony.
    phone.goto(case_url)
    assert "Đảng viên dự bị" in record(phone, "ceremony_hold", {"ceremony_date": day(0)})
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.PROBATIONARY and candidacy.admission_decision_number == "126-QĐ/ĐU"
    shot(phone, "whole-case-phone-5-probationary")

    # Thirteen months later: the probation file, then the recognition.
    later = timezone.localdate() + datetime.timedelta(days=400)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(9)), tick=True):
        services.mentor_assign(actor=secretary, candidacy=candidacy, mentor=right, kind=MentorKind.PROBATION_HELPER,
                               assigned_on=candidacy.ceremony_date)  # fmt: skip
        for code in (FormCode.NEW_MEMBER_CERTIFICATE, FormCode.SELF_REVIEW, FormCode.HELPER_ASSESSMENT,
                     FormCode.RECOGNITION_COMMENTS):  # fmt: skip
            services.document_add(actor=secretary, candidacy=candidacy, form_code=code,
                                  issued_on=later - datetime.timedelta(days=5), number="")  # fmt: skip
        phone = page_for(secretary, **PHONE)
        phone.goto(case_url)
        record(phone, "recognition_vote", {"meeting_date": day(2), "present": "2", "in_favour": "2", "against": "0"},
               {"method": "party_cards"})  # fmt: skip
        shot(phone, "whole-case-phone-6-recognition-proposed")
        desk = page_for(staff, **DESKTOP)
        desk.goto(case_url)
        record(desk, "recognition_review", {"meeting_date": day(1), "eligible": "9", "present": "9",
                                            "in_favour": "9", "against": "0"}, {"method": "secret_ballot"})  # fmt: skip
        record(desk, "recognition_decide", {"decision_number": "310-QĐ/ĐU", "decision_date": day(0)})
        desk.goto(case_url)
        if desk.locator("details.history[open]").count() == 0:
            desk.click("details.history summary")
        history = desk.inner_text("details.history")
        shot(desk, "whole-case-desktop-7-official")
        assert desk.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.OFFICIAL
    for raw in ("step_correct", "step_reverse", "reversed_step", "documents_withdrawn", "{", "None", "cell_vote"):
        assert raw not in history, raw
    assert "Đã đính chính" in history and "Đã hủy" in history

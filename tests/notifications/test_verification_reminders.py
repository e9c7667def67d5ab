"""Reminders of the background verification: unanswered letters are chased, the file stage's deadline goes to
the grassroots staff, and the stale-file warning names the day from which the cell vote is blocked."""

import datetime

from django.urls import reverse

from partycell.notifications.models import Notification, RuleKind
from partycell.notifications.reminders import reminders_scan
from tests.factories import (
    DocumentFactory,
    MembershipFactory,
    Role,
    UserFactory,
    VerificationRequestFactory,
    assign_role,
)
from tests.notifications.conftest import make_candidacy, only_rule
from tests.walk import ServiceWalk, at
from workflows import gate
from workflows.enums import FormCode, Stage
from workflows.rules import RuleReader
from workflows.verification import Conclusion, VerificationRequest

D = datetime.date
SENT = D(2026, 6, 1)  # a Monday


def notices(**filters) -> list[tuple]:
    rows = Notification.objects.filter(**filters).order_by("recipient__username", "candidacy_id", "lead_days")
    return list(rows.values_list("recipient__username", "kind", "due_on", "lead_days"))


def letter(candidacy, *, sent_on=SENT, **fields) -> VerificationRequest:
    return VerificationRequestFactory(subject__candidacy=candidacy, sent_on=sent_on, **fields)


# --- Unanswered letters --------------------------------------------------------------------------------------


def test_a_letter_unanswered_for_n_working_days_notifies_its_chaser_and_the_grassroots_staff_once(
    tree, secretary, grassroots_staff, commune_staff, auditor
):
    only_rule(RuleKind.VERIFICATION_UNANSWERED, lead_times="10")
    candidacy = make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN)
    letter(candidacy, assignee=commune_staff)

    reminders_scan(on=D(2026, 6, 12))  # Friday: 9 working days since Monday 1 June
    assert notices() == []

    for day in (15, 16, 22, 30):  # ten working days on Monday 15 June, then every scan after it
        reminders_scan(on=D(2026, 6, day))

    assert notices() == [
        ("canbo_dangbo", RuleKind.VERIFICATION_UNANSWERED, SENT, 10),
        ("canbo_xa", RuleKind.VERIFICATION_UNANSWERED, SENT, 10),
    ]


def test_an_answered_letter_is_not_chased(tree, grassroots_staff):
    only_rule(RuleKind.VERIFICATION_UNANSWERED, lead_times="10")
    candidacy = make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN)
    letter(candidacy, replied_on=D(2026, 6, 10), conclusion=Conclusion.CLEAR)

    reminders_scan(on=D(2026, 6, 30))

    assert notices() == []


def test_a_letter_chased_twice_as_its_lead_times_pass(tree, grassroots_staff):
    only_rule(RuleKind.VERIFICATION_UNANSWERED, lead_times="15,30")
    candidacy = make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN)
    letter(candidacy)

    for day in range(1, 31):
        reminders_scan(on=D(2026, 6, day))
    reminders_scan(on=D(2026, 7, 13))  # 30 working days after 1 June (no holiday between)

    assert [lead for *_, lead in notices()] == [15, 30]


def test_a_letter_for_a_grassroots_cell_goes_to_the_commune_staff(tree, commune_staff):
    assign_role(UserFactory(username="bithu_c"), Role.CELL_SECRETARY, tree.cell_c)
    only_rule(RuleKind.VERIFICATION_UNANSWERED, lead_times="10")
    candidacy = make_candidacy(tree.cell_c, stage=Stage.FILE_OPEN)
    letter(candidacy)

    reminders_scan(on=D(2026, 6, 15))

    assert notices() == [("canbo_xa", RuleKind.VERIFICATION_UNANSWERED, SENT, 10)]


def test_an_inactive_chaser_is_not_notified_but_the_staff_are(tree, grassroots_staff, commune_staff):
    only_rule(RuleKind.VERIFICATION_UNANSWERED, lead_times="10")
    commune_staff.is_active = False
    commune_staff.save()
    letter(make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN), assignee=commune_staff)

    reminders_scan(on=D(2026, 6, 15))

    assert notices() == [("canbo_dangbo", RuleKind.VERIFICATION_UNANSWERED, SENT, 10)]


def test_the_unanswered_letter_notice_says_when_it_was_sent_and_links_to_the_tracker(tree, grassroots_staff):
    only_rule(RuleKind.VERIFICATION_UNANSWERED, lead_times="10")
    candidacy = make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN)
    letter(candidacy)
    reminders_scan(on=D(2026, 6, 15))

    notice = Notification.objects.select_related("candidacy__person", "candidacy__cell").get()

    assert "01/06/2026" in notice.message
    assert notice.get_absolute_url() == reverse("candidacy-verification", args=[candidacy.pk])


def test_the_verification_deadline_is_announced_to_the_grassroots_staff(tree, secretary, grassroots_staff):
    only_rule(RuleKind.UPCOMING_DEADLINE, lead_times="3")
    make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN, stage_due_on=D(2026, 6, 12))

    reminders_scan(on=D(2026, 6, 9))

    assert notices() == [("canbo_dangbo", RuleKind.UPCOMING_DEADLINE, D(2026, 6, 12), 3)]


# --- The stale-file warning and the cell vote ---------------------------------------------------------------


def _blocked(candidacy, day: datetime.date) -> list[str]:
    """What the cell vote's guards say on ``day`` (judged as on that day)."""
    with at(day):
        return gate.blockers(candidacy=candidacy, action="cell_vote", reader=RuleReader(day))


def test_the_stale_file_warning_names_the_day_from_which_the_cell_vote_is_blocked(tree, secretary, grassroots_staff):
    # The walk: verification concluded 15/01/2026 (TT-LL), introduction 03/02/2026, comments 20/02/2026.
    only_rule(RuleKind.STALE_FILE, lead_times="5")
    candidacy = make_candidacy(tree.cell_a, stage=Stage.SOURCE)
    introducers = [MembershipFactory(cell=tree.cell_a) for _ in range(2)]
    ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, introducers=introducers).through(
        "introduction_record"
    )

    reminders_scan(on=D(2027, 1, 11))  # Monday: five working days before Saturday 16 January 2027

    [(_user, _kind, warned, _lead)] = notices(kind=RuleKind.STALE_FILE)
    assert _blocked(candidacy, warned - datetime.timedelta(days=1)) == []
    blocked = _blocked(candidacy, warned)
    assert len(blocked) == 1 and str(FormCode.VERIFICATION.label) in blocked[0]
    # The verification conclusion set the date, not the (older-looking) introduction letters.
    assert warned == D(2027, 1, 16)


def test_a_redone_document_moves_the_stale_file_warning_to_its_own_date(tree, secretary):
    only_rule(RuleKind.STALE_FILE, lead_times="0")
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    for code, issued_on in [(FormCode.INTRODUCTION, D(2025, 6, 10)), (FormCode.INTRODUCTION, D(2026, 5, 4)),
                            (FormCode.COMMENTS_SUMMARY, D(2025, 9, 1)), (FormCode.VERIFICATION, D(2025, 8, 3))]:
        DocumentFactory(candidacy=candidacy, form_code=code, issued_on=issued_on)

    reminders_scan(on=D(2026, 6, 11))  # the first introduction's day: it was redone, the guard reads the new one
    assert notices() == []

    reminders_scan(on=D(2026, 8, 4))  # the verification (03/08/2025) goes first
    assert notices() == [("bithu_a", RuleKind.STALE_FILE, D(2026, 8, 4), 0)]

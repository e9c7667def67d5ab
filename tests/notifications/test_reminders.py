import datetime

import pytest
import time_machine
from django.utils import translation

from partycell.notifications.models import Notification, ReminderRule, ReminderScan, RuleKind
from partycell.notifications.reminders import reminders_scan
from partycell.rulebook.models import Rule
from tests.factories import (
    DocumentFactory,
    PeriodFactory,
    Role,
    RuleFactory,
    TargetFactory,
    TransitionLogFactory,
    UserFactory,
    assign_role,
)
from tests.notifications.conftest import make_candidacy, only_rule
from workflows.enums import FormCode, Stage
from workflows.models import TransitionLog

D = datetime.date


def notices(**filters) -> list[tuple]:
    rows = Notification.objects.filter(**filters).order_by("recipient__username", "candidacy_id", "lead_days")
    return list(rows.values_list("recipient__username", "kind", "due_on", "lead_days"))


# --- Upcoming deadlines, on the working-day calendar ---------------------------------------------------


def test_upcoming_deadline_notifies_cell_secretary_and_committee(tree, secretary, cell_committee_member, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))  # a Friday

    reminders_scan(on=D(2026, 6, 9))  # Tuesday: 3 working days left

    assert notices() == [
        ("bithu_a", RuleKind.UPCOMING_DEADLINE, D(2026, 6, 12), 3),
        ("chiuy_a", RuleKind.UPCOMING_DEADLINE, D(2026, 6, 12), 3),
    ]


def test_upcoming_deadline_lead_time_counts_working_days_across_tet(tree, secretary):
    # Tết 2026: Monday 16 to Friday 20 February are public holidays, between two weekends.
    only_rule(RuleKind.UPCOMING_DEADLINE, lead_times="3")
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 2, 25))  # Wednesday after Tết

    reminders_scan(on=D(2026, 2, 12))  # Thursday before Tết: 4 working days left (13, 23, 24, 25)
    assert notices() == []

    reminders_scan(on=D(2026, 2, 13))  # Friday before Tết: 3 working days left (23, 24, 25)
    assert notices() == [("bithu_a", RuleKind.UPCOMING_DEADLINE, D(2026, 2, 25), 3)]


def test_upcoming_deadline_lead_time_skips_the_weekend(tree, secretary):
    only_rule(RuleKind.UPCOMING_DEADLINE, lead_times="1")
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 15))  # Monday

    reminders_scan(on=D(2026, 6, 11))  # Thursday: 2 working days left
    assert notices() == []

    reminders_scan(on=D(2026, 6, 12))  # Friday: only Monday is left
    assert notices() == [("bithu_a", RuleKind.UPCOMING_DEADLINE, D(2026, 6, 15), 1)]


def test_upcoming_deadline_sends_one_notice_per_lead_time_as_the_date_nears(tree, secretary, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 26))  # Friday

    for day in range(8, 27):  # every day of the two weeks before, weekends included
        reminders_scan(on=D(2026, 6, day))

    assert [lead for *_, lead in notices()] == [1, 3, 10]


def test_upcoming_deadline_with_several_lead_times_passed_sends_only_the_nearest(tree, secretary, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))

    reminders_scan(on=D(2026, 6, 11))  # the step started late: 10 and 3 working days have both passed

    assert notices() == [("bithu_a", RuleKind.UPCOMING_DEADLINE, D(2026, 6, 12), 1)]


def test_upcoming_deadline_of_a_decision_step_goes_to_the_superior_staff(
    tree, secretary, grassroots_staff, commune_staff, auditor, deadline_rule
):
    make_candidacy(tree.cell_a, stage=Stage.CELL_APPROVED, stage_due_on=D(2026, 6, 12))

    reminders_scan(on=D(2026, 6, 11))

    # Staff of the grassroots and commune committees above cell A; not the cell, not the read-only auditor.
    assert [username for username, *_ in notices()] == ["canbo_dangbo", "canbo_xa"]


def test_upcoming_deadline_ignores_closed_candidacies_and_other_cells(tree, secretary, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.WITHDRAWN, stage_due_on=D(2026, 6, 12))
    make_candidacy(tree.cell_b, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))  # no secretary here...
    other = UserFactory(username="bithu_b")
    assign_role(other, Role.CELL_SECRETARY, tree.cell_b)

    reminders_scan(on=D(2026, 6, 11))

    assert [username for username, *_ in notices()] == ["bithu_b"]  # ...until one is assigned


def test_scan_of_a_cell_without_secretary_escalates_to_the_superior_staff(tree, commune_staff, deadline_rule):
    make_candidacy(tree.cell_c, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))

    reminders_scan(on=D(2026, 6, 11))

    assert [username for username, *_ in notices()] == ["canbo_xa"]


def test_scan_skips_inactive_rules_and_inactive_users(tree, secretary, cell_committee_member, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
    cell_committee_member.is_active = False
    cell_committee_member.save()

    reminders_scan(on=D(2026, 6, 11))
    ReminderRule.objects.update(is_active=False)
    reminders_scan(on=D(2026, 6, 12))

    assert notices() == [("bithu_a", RuleKind.UPCOMING_DEADLINE, D(2026, 6, 12), 1)]


# --- Idempotency -------------------------------------------------------------------------------------


def test_scan_twice_records_one_notice_per_recipient(tree, secretary, cell_committee_member, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
    make_candidacy(tree.cell_a, stage=Stage.INTRODUCED, stage_due_on=D(2026, 6, 16))

    first = reminders_scan(on=D(2026, 6, 11))
    second = reminders_scan(on=D(2026, 6, 11))

    assert (first.notices_created, second.notices_created) == (4, 0)
    assert Notification.objects.count() == 4
    assert list(ReminderScan.objects.order_by("id").values_list("notices_created", flat=True)) == [4, 0]


def test_scan_after_a_killed_run_inserts_only_what_is_missing(tree, secretary, cell_committee_member, deadline_rule):
    done = make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
    missing = make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
    # A run died after committing the batch of the first case (a batch is one transaction: all its recipients).
    for user in (secretary, cell_committee_member):
        Notification.objects.create(
            recipient=user, kind=RuleKind.UPCOMING_DEADLINE, candidacy=done, due_on=D(2026, 6, 12), lead_days=1
        )

    result = reminders_scan(on=D(2026, 6, 11))

    assert result.notices_created == 2
    assert sorted(Notification.objects.values_list("candidacy_id", "recipient__username")) == [
        (done.pk, "bithu_a"), (done.pk, "chiuy_a"), (missing.pk, "bithu_a"), (missing.pk, "chiuy_a"),
    ]  # fmt: skip


def test_scan_query_count_does_not_grow_with_candidacies(
    tree, secretary, deadline_rule, django_assert_max_num_queries, django_assert_num_queries
):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
    with django_assert_max_num_queries(30) as one:
        reminders_scan(on=D(2026, 6, 11))
    for _ in range(5):
        make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
        make_candidacy(tree.cell_b, stage=Stage.CELL_APPROVED, stage_due_on=D(2026, 6, 15))

    with django_assert_num_queries(len(one.captured_queries)):
        reminders_scan(on=D(2026, 6, 11))


# --- Overdue: escalation ---------------------------------------------------------------------------------


def test_overdue_step_reaches_the_cell_and_is_escalated_to_the_superior_staff(
    tree, secretary, grassroots_staff, commune_staff
):
    only_rule(RuleKind.OVERDUE, lead_times="1,10")
    make_candidacy(tree.cell_a, stage=Stage.INTRODUCED, stage_due_on=D(2026, 6, 12))  # Friday

    reminders_scan(on=D(2026, 6, 12))  # due today: not late yet
    reminders_scan(on=D(2026, 6, 13))  # Saturday: no working day has passed
    assert notices() == []

    reminders_scan(on=D(2026, 6, 15))  # Monday: one working day late
    reminders_scan(on=D(2026, 6, 16))
    assert notices() == [
        ("bithu_a", RuleKind.OVERDUE, D(2026, 6, 12), 1),  # the secretary whose step it is
        ("canbo_dangbo", RuleKind.OVERDUE, D(2026, 6, 12), 1),
        ("canbo_xa", RuleKind.OVERDUE, D(2026, 6, 12), 1),
    ]

    reminders_scan(on=D(2026, 6, 26))  # ten working days late: escalated again
    assert [lead for *_, lead in notices(recipient__username="canbo_xa")] == [1, 10]


def test_overdue_across_tet_waits_for_a_working_day(tree, commune_staff):
    only_rule(RuleKind.OVERDUE, lead_times="1")
    make_candidacy(tree.cell_c, stage=Stage.INTRODUCED, stage_due_on=D(2026, 2, 13))  # last day before Tết

    for day in range(14, 23):  # the whole Tết break
        reminders_scan(on=D(2026, 2, day))
    assert notices() == []

    reminders_scan(on=D(2026, 2, 23))
    assert notices() == [("canbo_xa", RuleKind.OVERDUE, D(2026, 2, 13), 1)]


# --- Probation, stale documents, no movement -------------------------------------------------------------


def test_probation_ending_within_a_month_notifies_the_cell_secretary(tree, secretary, cell_committee_member):
    only_rule(RuleKind.PROBATION_ENDING, lead_times="22")
    make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 7, 20))

    reminders_scan(on=D(2026, 6, 16))  # 24 working days before
    assert notices() == []

    reminders_scan(on=D(2026, 6, 18))  # 22 working days before
    assert notices() == [("bithu_a", RuleKind.PROBATION_ENDING, D(2026, 7, 20), 22)]


def test_stale_file_counts_from_the_file_opening_in_the_audit_trail(tree, secretary):
    only_rule(RuleKind.STALE_FILE, lead_times="5", months=12)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.VERIFIED)
    TransitionLogFactory(
        candidacy=candidacy, action="file_open", from_stage=Stage.CLASS_DONE, to_stage=Stage.FILE_OPEN,
        event_date=D(2025, 6, 15), cell=tree.cell_a,
    )  # fmt: skip

    # Twelve months after 15/06/2025 the documents are still valid; the cell vote is blocked from 16/06/2026.
    reminders_scan(on=D(2026, 6, 8))  # 6 working days before 16/06/2026
    assert notices() == []

    reminders_scan(on=D(2026, 6, 9))
    assert notices() == [("bithu_a", RuleKind.STALE_FILE, D(2026, 6, 16), 5)]


def test_stale_certificate_without_audit_row_falls_back_to_the_stage_entry(tree, secretary):
    only_rule(RuleKind.STALE_CERTIFICATE, lead_times="0", months=60)
    with time_machine.travel(datetime.datetime(2021, 3, 10, 9, 0, tzinfo=datetime.UTC)):
        make_candidacy(tree.cell_a, stage=Stage.CLASS_DONE)

    reminders_scan(on=D(2026, 3, 10))

    assert notices() == [("bithu_a", RuleKind.STALE_CERTIFICATE, D(2026, 3, 10), 0)]


def test_no_movement_for_months_is_noticed_once_per_idle_spell(tree, secretary):
    only_rule(RuleKind.NO_MOVEMENT, months=6)
    with time_machine.travel(datetime.datetime(2025, 11, 3, 9, 0, tzinfo=datetime.UTC)):
        make_candidacy(tree.cell_a, stage=Stage.SYMPATHISER)
        make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY)  # probation is a wait, not idleness

    reminders_scan(on=D(2026, 5, 2))
    assert notices() == []

    reminders_scan(on=D(2026, 5, 3))
    reminders_scan(on=D(2026, 5, 20))
    assert notices() == [("bithu_a", RuleKind.NO_MOVEMENT, D(2025, 11, 3), 0)]


def test_scan_of_one_candidacy_leaves_the_others_alone(tree, secretary, deadline_rule):
    mine = make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))

    reminders_scan(on=D(2026, 6, 11), candidacy_ids=[mine.pk])

    assert list(Notification.objects.values_list("candidacy_id", flat=True)) == [mine.pk]


@pytest.mark.parametrize("stage", [Stage.OFFICIAL, Stage.REJECTED])
def test_scan_ignores_closed_stages(tree, secretary, deadline_rule, stage):
    make_candidacy(tree.cell_a, stage=stage, stage_due_on=D(2026, 6, 12))

    assert reminders_scan(on=D(2026, 6, 11)).due_items == 0


def test_stale_file_uses_the_oldest_expiring_document_when_there_is_one(tree, secretary):
    only_rule(RuleKind.STALE_FILE, lead_times="0", months=12)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    TransitionLogFactory(
        candidacy=candidacy, action="file_open", from_stage=Stage.CLASS_DONE, to_stage=Stage.FILE_OPEN,
        event_date=D(2025, 9, 1), cell=tree.cell_a,
    )  # fmt: skip
    DocumentFactory(candidacy=candidacy, form_code=FormCode.INTRODUCTION, issued_on=D(2025, 6, 10))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.COMMENTS_SUMMARY, issued_on=D(2025, 8, 20))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.APPLICATION, issued_on=D(2025, 1, 2))  # never stale

    reminders_scan(on=D(2026, 6, 10))  # the introduction's last valid day
    assert notices() == []

    reminders_scan(on=D(2026, 6, 11))  # the first day the cell vote would be blocked
    assert notices() == [("bithu_a", RuleKind.STALE_FILE, D(2026, 6, 11), 0)]


def test_stale_certificate_uses_the_newest_certificate(tree, secretary):
    only_rule(RuleKind.STALE_CERTIFICATE, lead_times="0", months=60)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.VERIFIED)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2020, 4, 1))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2021, 4, 1))

    reminders_scan(on=D(2025, 4, 1))  # the old certificate's expiry: a newer one exists
    assert notices() == []

    reminders_scan(on=D(2026, 4, 1))
    assert notices() == [("bithu_a", RuleKind.STALE_CERTIFICATE, D(2026, 4, 1), 0)]


# --- Behind target pace (monthly, unit-level, figures from partycell.targets) ---------------------------


def test_behind_target_pace_notes_the_committee_once_a_month(tree, grassroots_staff, commune_staff):
    only_rule(RuleKind.BEHIND_TARGET)
    period = PeriodFactory()  # 2026
    TargetFactory(unit=tree.grassroots, period=period, number=12)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY)
    TransitionLog.objects.create(
        candidacy=candidacy, action="admission_decide", from_stage=Stage.GRASSROOTS_APPROVED,
        to_stage=Stage.ADMISSION_DECIDED, event_date=D(2026, 2, 2), cell=tree.cell_a,
    )  # fmt: skip

    reminders_scan(on=D(2026, 7, 1))  # half the year gone: 6 expected, 1 achieved
    reminders_scan(on=D(2026, 7, 20))
    reminders_scan(on=D(2026, 8, 3))

    rows = Notification.objects.order_by("due_on").values_list("recipient__username", "unit", "due_on")
    assert list(rows) == [
        ("canbo_dangbo", tree.grassroots.pk, D(2026, 7, 1)),
        ("canbo_dangbo", tree.grassroots.pk, D(2026, 8, 1)),
    ]
    notice = Notification.objects.select_related("unit").order_by("due_on").first()
    with translation.override("en"):
        assert "1 achieved, 6 expected by now, target 12" in notice.message
    assert notice.get_absolute_url() == f"/targets/units/{tree.grassroots.pk}/?period={period.pk}&kind=admissions"


def test_behind_target_pace_leaves_units_on_pace_alone(tree, grassroots_staff):
    only_rule(RuleKind.BEHIND_TARGET)
    TargetFactory(unit=tree.grassroots, period=PeriodFactory(), number=1)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY)
    TransitionLog.objects.create(
        candidacy=candidacy, action="admission_decide", from_stage=Stage.GRASSROOTS_APPROVED,
        to_stage=Stage.ADMISSION_DECIDED, event_date=D(2026, 2, 2), cell=tree.cell_a,
    )  # fmt: skip

    reminders_scan(on=D(2026, 7, 1))

    assert Notification.objects.count() == 0


def test_a_committees_decision_reaches_the_cell_and_a_cells_vote_the_committee_once(
    tree, secretary, grassroots_staff, commune_staff
):
    from workflows.models import TransitionLog

    only_rule(RuleKind.STEP_RECORDED)
    decided = make_candidacy(tree.cell_a, stage=Stage.ADMISSION_DECIDED)
    voted = make_candidacy(tree.cell_a, stage=Stage.CELL_APPROVED)
    TransitionLog.objects.create(
        candidacy=decided,
        action="admission_decide",
        from_stage=Stage.GRASSROOTS_APPROVED,
        to_stage=Stage.ADMISSION_DECIDED,
        event_date=D(2026, 6, 10),
        cell=tree.cell_a,
    )
    TransitionLog.objects.create(
        candidacy=voted,
        action="cell_vote",
        from_stage=Stage.INTRODUCED,
        to_stage=Stage.CELL_APPROVED,
        event_date=D(2026, 6, 11),
        cell=tree.cell_a,
    )

    reminders_scan(on=D(2026, 6, 12))
    reminders_scan(on=D(2026, 6, 15))

    assert notices() == [
        ("bithu_a", RuleKind.STEP_RECORDED, D(2026, 6, 10), 0),
        ("canbo_dangbo", RuleKind.STEP_RECORDED, D(2026, 6, 11), 0),
        ("canbo_xa", RuleKind.STEP_RECORDED, D(2026, 6, 11), 0),
    ]


def test_an_imported_roll_announces_no_step_recorded(tree, secretary, grassroots_staff, commune_staff):
    from workflows.models import TransitionLog

    only_rule(RuleKind.STEP_RECORDED)
    imported = make_candidacy(tree.cell_a, stage=Stage.OFFICIAL)
    for stage, day in ((Stage.ADMISSION_DECIDED, D(2015, 3, 2)), (Stage.OFFICIAL, D(2016, 3, 20))):
        TransitionLog.objects.create(candidacy=imported, action="import", from_stage=Stage.SOURCE, to_stage=stage,
                                     event_date=day, cell=tree.cell_a)  # fmt: skip

    reminders_scan(on=D(2026, 6, 12))

    assert notices() == []


# --- Yesterday's work is not redone (issue 15) ---------------------------------------------------------


def test_the_next_day_s_scan_reads_no_deadline_already_notified_at_its_lead_time(tree, secretary, deadline_rule):
    make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 26))  # Friday

    first = reminders_scan(on=D(2026, 6, 19))  # Friday: 5 working days left, the 10-day band: notified
    again = reminders_scan(on=D(2026, 6, 22))  # Monday: still the 10-day band, nothing new to read
    closer = reminders_scan(on=D(2026, 6, 23))  # Tuesday: 3 working days left, the 3-day band
    after = reminders_scan(on=D(2026, 6, 24))  # Wednesday: still the 3-day band

    assert (first.due_items, again.due_items, closer.due_items, after.due_items) == (1, 0, 1, 0)
    assert [lead for *_, lead in notices()] == [3, 10]


def test_the_next_day_s_scan_reads_no_probation_end_already_notified(tree, secretary):
    only_rule(RuleKind.PROBATION_ENDING, lead_times="20")
    make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 7, 31))

    first = reminders_scan(on=D(2026, 7, 10))
    again = reminders_scan(on=D(2026, 7, 13))

    assert (first.due_items, again.due_items) == (1, 0)
    assert notices() == [("bithu_a", RuleKind.PROBATION_ENDING, D(2026, 7, 31), 20)]


def test_the_certificate_reminder_reads_the_validity_the_cell_vote_reads_not_a_number_of_its_own(tree, secretary):
    only_rule(RuleKind.STALE_CERTIFICATE, lead_times="0", months=99)  # a stray number on the rule is never read
    Rule.objects.filter(rule_id="certificate.awareness_validity_months", effective_to__isnull=True).update(
        effective_to=D(2025, 12, 31)
    )
    RuleFactory(rule_id="certificate.awareness_validity_months", value="36", effective_from=D(2026, 1, 1))
    candidacy = make_candidacy(tree.cell_a, stage=Stage.VERIFIED)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2023, 4, 1))

    reminders_scan(on=D(2026, 4, 1))

    assert notices() == [("bithu_a", RuleKind.STALE_CERTIFICATE, D(2026, 4, 1), 0)]


# --- A second scan the same day rebuilds nothing ------------------------------------------------------------


def test_a_second_scan_the_same_day_reads_no_due_item_again_and_inserts_nothing(tree, secretary, commune_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    on = D(2026, 6, 10)  # a Wednesday
    ReminderRule.objects.update(is_active=True, lead_times="5", months=6)
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.UTC)):
        make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 12))  # upcoming deadline
        make_candidacy(tree.cell_a, stage=Stage.VERIFIED, stage_due_on=D(2026, 6, 1))  # overdue
        make_candidacy(tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 6, 15))  # probation ending
        stale_file = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
        DocumentFactory(candidacy=stale_file, form_code=FormCode.INTRODUCTION, issued_on=D(2025, 6, 12))
        stale_certificate = make_candidacy(tree.cell_a, stage=Stage.CLASS_DONE)
        DocumentFactory(candidacy=stale_certificate, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2021, 6, 12))
        decided = make_candidacy(tree.cell_a, stage=Stage.ADMISSION_DECIDED)
        TransitionLogFactory(candidacy=decided, to_stage=Stage.ADMISSION_DECIDED, event_date=D(2026, 6, 9))
        first = reminders_scan(on=on)
        with CaptureQueriesContext(connection) as second_scan:
            again = reminders_scan(on=on)

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {RuleKind.UPCOMING_DEADLINE, RuleKind.OVERDUE, RuleKind.PROBATION_ENDING, RuleKind.STALE_FILE,
            RuleKind.STALE_CERTIFICATE, RuleKind.STEP_RECORDED} <= kinds  # fmt: skip
    assert first.notices_created == Notification.objects.count() > 0
    # Every rule skips what it already notified: nothing is rebuilt, nothing inserted.
    assert (again.due_items, again.notices_created) == (0, 0)
    inserts = [query["sql"] for query in second_scan.captured_queries if query["sql"].startswith("INSERT")]
    assert not [sql for sql in inserts if 'INTO "notifications_notification"' in sql]


# --- Stale documents: the dates computed in SQL, the Civil Code's month ends -----------------------------------


def test_stale_file_of_a_document_issued_on_29_february_is_due_the_day_after_28_february(tree, secretary):
    only_rule(RuleKind.STALE_FILE, lead_times="0", months=12)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.INTRODUCTION, issued_on=D(2024, 2, 29))

    reminders_scan(on=D(2025, 2, 27))
    assert notices() == []

    # Twelve months later is 28/02/2025 (no 29th), its last valid day; on Friday the weekend's date is due.
    reminders_scan(on=D(2025, 2, 28))
    assert notices() == [("bithu_a", RuleKind.STALE_FILE, D(2025, 3, 1), 0)]


def test_stale_certificate_issued_on_29_february_expires_on_28_february(tree, secretary):
    only_rule(RuleKind.STALE_CERTIFICATE, lead_times="0", months=60)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.VERIFIED)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.AWARENESS_CERTIFICATE, issued_on=D(2020, 2, 29))

    reminders_scan(on=D(2025, 2, 27))
    assert notices() == []

    reminders_scan(on=D(2025, 2, 28))  # sixty months after 29/02/2020: 28/02/2025, not 1 March
    assert notices() == [("bithu_a", RuleKind.STALE_CERTIFICATE, D(2025, 2, 28), 0)]


def test_the_next_day_s_scan_finds_the_file_newly_due_and_reads_none_already_notified(tree, secretary):
    only_rule(RuleKind.STALE_FILE, lead_times="5", months=12)
    first = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    DocumentFactory(candidacy=first, form_code=FormCode.INTRODUCTION, issued_on=D(2025, 6, 15))  # stale 16/06/2026
    second = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    DocumentFactory(candidacy=second, form_code=FormCode.INTRODUCTION, issued_on=D(2025, 6, 16))  # stale 17/06/2026

    tuesday = reminders_scan(on=D(2026, 6, 9))
    wednesday = reminders_scan(on=D(2026, 6, 10))
    again = reminders_scan(on=D(2026, 6, 10))

    assert (tuesday.due_items, wednesday.due_items, again.due_items) == (1, 1, 0)
    assert (tuesday.notices_created, wednesday.notices_created, again.notices_created) == (1, 1, 0)
    assert notices() == [
        ("bithu_a", RuleKind.STALE_FILE, D(2026, 6, 16), 5), ("bithu_a", RuleKind.STALE_FILE, D(2026, 6, 17), 5),
    ]  # fmt: skip


def test_stale_file_reads_the_earliest_form_on_file_whichever_forms_are_missing(tree, secretary):
    only_rule(RuleKind.STALE_FILE, lead_times="0", months=12)
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    TransitionLogFactory(
        candidacy=candidacy, action="file_open", from_stage=Stage.CLASS_DONE, to_stage=Stage.FILE_OPEN,
        event_date=D(2025, 5, 1), cell=tree.cell_a,
    )  # fmt: skip
    DocumentFactory(candidacy=candidacy, form_code=FormCode.COMMENTS_SUMMARY, issued_on=D(2025, 8, 20))

    reminders_scan(on=D(2026, 5, 2))  # the file's opening is not read once a form is on file
    reminders_scan(on=D(2026, 8, 21))

    assert notices() == [("bithu_a", RuleKind.STALE_FILE, D(2026, 8, 21), 0)]

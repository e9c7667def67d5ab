"""The committee's monthly review of the sympathiser lists (domain.md A2): a dated rule of the rulebook that,
where in force, makes the reminder scan note each reviewing committee once a month."""

import datetime

from django.utils import translation

from partycell.notifications.models import Notification, ReminderScan, RuleKind
from partycell.notifications.reminders import reminders_scan
from partycell.rulebook.models import Rule
from tests.notifications.conftest import only_rule

D = datetime.date
RULE = "sympathiser_list.monthly_review"


def _notes():
    rows = Notification.objects.filter(kind=RuleKind.SYMPATHISER_REVIEW).order_by("due_on", "unit__path")
    return list(rows.values_list("recipient__username", "unit", "due_on"))


def test_scanning_twice_in_a_month_notes_each_committee_once_and_next_month_again(
    tree, grassroots_staff, commune_staff, secretary
):
    only_rule(RuleKind.SYMPATHISER_REVIEW)

    reminders_scan(on=D(2026, 3, 2))
    reminders_scan(on=D(2026, 3, 20))
    second = ReminderScan.objects.order_by("-started_at", "-id").first()
    reminders_scan(on=D(2026, 4, 1))

    # The grassroots committee reviews cells A and B; the commune reviews its grassroots cell C. The cell
    # secretary is not the reviewer; the other commune's staff (none here) would get their own note.
    assert _notes() == [
        ("canbo_xa", tree.commune.pk, D(2026, 3, 1)),
        ("canbo_dangbo", tree.grassroots.pk, D(2026, 3, 1)),
        ("canbo_xa", tree.commune.pk, D(2026, 4, 1)),
        ("canbo_dangbo", tree.grassroots.pk, D(2026, 4, 1)),
    ]
    assert second.notices_created == 0


def test_the_review_notice_names_the_committee_and_the_month_and_opens_the_sympathiser_list(tree, grassroots_staff):
    only_rule(RuleKind.SYMPATHISER_REVIEW)

    reminders_scan(on=D(2026, 3, 2))

    notice = Notification.objects.select_related("unit").get(recipient=grassroots_staff)
    with translation.override("en"):
        assert notice.message == (
            "Đảng ủy Trường THPT Chu Văn An: review the sympathiser lists of its cells for March 2026 "
            "(the cells' proposals to add or drop people)."
        )
    assert notice.get_absolute_url() == f"/candidacies/?unit={tree.grassroots.pk}&stage=sympathiser"


def test_no_review_notice_where_the_rule_says_false_from_a_date(tree, grassroots_staff):
    only_rule(RuleKind.SYMPATHISER_REVIEW)
    current = Rule.objects.get(rule_id=RULE, effective_to__isnull=True)
    current.effective_to = D(2026, 3, 31)
    current.save()
    Rule.objects.create(rule_id=RULE, regulation="12-HD/BTCTW (sửa đổi)", effective_from=D(2026, 4, 1),
                        value_type="boolean", value="false", unit="flag", confidence="L")  # fmt: skip

    reminders_scan(on=D(2026, 3, 2))
    reminders_scan(on=D(2026, 4, 2))

    assert [due for _user, _unit, due in _notes()] == [D(2026, 3, 1)]


def test_no_review_notice_where_no_version_of_the_rule_is_in_force(tree, grassroots_staff):
    only_rule(RuleKind.SYMPATHISER_REVIEW)

    reminders_scan(on=D(2010, 6, 1))  # before the 2011 Charter: the rulebook holds no version
    Rule.objects.filter(rule_id=RULE).delete()
    reminders_scan(on=D(2026, 6, 1))

    assert _notes() == []


def test_the_review_rule_is_read_back_to_2011_and_uncertain_outside_09_hd_btctw(db):
    versions = Rule.objects.filter(rule_id=RULE).order_by("effective_from")

    assert [(v.regulation, v.effective_from, v.value, v.confidence) for v in versions] == [
        ("12-HD/BTCTW (2012)", D(2011, 1, 19), "true", "L"),
        ("09-HD/BTCTW", D(2017, 6, 5), "true", "M"),
        ("12-HD/BTCTW", D(2022, 1, 18), "true", "L"),
    ]
    assert versions[0].description.startswith("Chưa chắc chắn / Uncertain")


def test_the_review_costs_the_same_queries_for_one_committee_or_four(tree, grassroots_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import Role, UserFactory, assign_role, make_unit

    only_rule(RuleKind.SYMPATHISER_REVIEW)
    with CaptureQueriesContext(connection) as one:
        reminders_scan(on=D(2026, 3, 2))
    for index in range(3):
        committee = make_unit("grassroots_committee", parent=tree.commune, name=f"Đảng ủy Công ty {index}")
        make_unit("subordinate_cell", parent=committee, name=f"Chi bộ Phân xưởng {index}")
        assign_role(UserFactory(username=f"canbo_cty_{index}"), Role.GRASSROOTS_STAFF, committee)

    with CaptureQueriesContext(connection) as four:
        reminders_scan(on=D(2026, 4, 1))

    assert len(four) == len(one)
    assert Notification.objects.filter(kind=RuleKind.SYMPATHISER_REVIEW, due_on=D(2026, 4, 1)).count() == 4

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partycell.notifications.models import ReminderRule, RuleKind, parse_lead_times


@pytest.mark.parametrize("text", ["-1", "3,-2", "abc", "1.5", "3,,1", "10;3"])
def test_reminder_rule_bad_lead_time_is_refused(db, text):
    rule = ReminderRule.objects.get(kind=RuleKind.UPCOMING_DEADLINE)
    rule.lead_times = text

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert error.value.error_dict["lead_times"][0].code == "invalid_lead_times"
    with translation.override("en"):
        assert "whole numbers of working days" in error.value.messages[0]


def test_reminder_rule_lead_times_parse_sorted_without_duplicates():
    assert parse_lead_times(" 10, 3,1,3 ") == [1, 3, 10]


def test_reminder_rule_month_based_kind_needs_months(db):
    rule = ReminderRule.objects.get(kind=RuleKind.NO_MOVEMENT)
    rule.months = None

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert list(error.value.error_dict) == ["months"]


def test_reminder_rules_are_seeded_one_per_kind(db):
    assert sorted(ReminderRule.objects.values_list("kind", flat=True)) == sorted(RuleKind.values)

"""Looking rules up by date: the version in force on the event's date decides."""

import datetime
from fractions import Fraction

import pytest

from partycell.rulebook.models import Rule
from partycell.rulebook.selectors import (
    RuleNotInForce,
    rule_in_force,
    rule_value,
    rule_values,
    rules_in_force,
)

D = datetime.date

SEEDED_RULE_IDS = [
    "age.min_months",
    "age.max_months",
    "over60.requires_provincial_consent",
    "education.min_level",
    "education.exception_min_level",
    "education.literate_only_requires_provincial_consent",
    "certificate.awareness_validity_months",
    "file.documents_validity_months",
    "verification.validity_months",
    "introducer.min_months_together",
    "introducer.count_without_organisation",
    "introducer.count_with_organisation",
    "vote.cell_approval_ratio",
    "vote.committee_approval_ratio",
    "vote.decision_body_approval_ratio",
    "vote.max_failed_attempts",
    "vote.probationary_members_vote",
    "deadline.admission_decision_working_days",
    "deadline.admission_decision_extension_working_days",
    "deadline.ceremony_working_days",
    "probation.months",
    "deadline.recognition_vote_working_days",
    "deadline.recognition_decision_working_days",
    "deadline.recognition_decision_extension_working_days",
    "readmission.min_months_since_leaving",
    "readmission.min_months_after_record_cleared",
    "readmission.max_times",
]


def version(rule_id: str, start: datetime.date, end: datetime.date | None, value: str, regulation: str) -> Rule:
    rule = Rule(
        rule_id=rule_id, regulation=regulation, effective_from=start, effective_to=end,
        value_type="integer", value=value, unit="working_days", confidence="M",
    )
    rule.full_clean()
    rule.save()
    return rule


@pytest.fixture
def deadline_versions(db):
    """A deadline of 60 working days until 31/12/2026, then 45 under an imagined new regulation."""
    version("test.deadline", D(2025, 7, 1), D(2026, 12, 31), "60", "294-QĐ/TW")
    version("test.deadline", D(2027, 1, 1), None, "45", "999-QĐ/TW")


def test_rule_in_force_picks_version_on_date(deadline_versions):
    assert rule_in_force("test.deadline", on=D(2026, 12, 31)).regulation == "294-QĐ/TW"
    assert rule_in_force("test.deadline", on=D(2027, 1, 1)).regulation == "999-QĐ/TW"
    assert rule_value("test.deadline", on=D(2026, 12, 31)) == 60
    assert rule_value("test.deadline", on=D(2030, 5, 1)) == 45


def test_rule_value_later_dated_edit_keeps_earlier_value(db):
    current = version("test.deadline", D(2025, 7, 1), None, "60", "294-QĐ/TW")
    assert rule_value("test.deadline", on=D(2026, 3, 2)) == 60

    # An administrator adopts a new regulation: close the old version, add the new one.
    current.effective_to = D(2026, 6, 30)
    current.full_clean()
    current.save()
    version("test.deadline", D(2026, 7, 1), None, "45", "999-QĐ/TW")

    assert rule_value("test.deadline", on=D(2026, 3, 2)) == 60
    assert rule_value("test.deadline", on=D(2026, 7, 1)) == 45


def test_rule_value_admin_edit_visible_at_once(db):
    rule = version("test.deadline", D(2025, 7, 1), None, "60", "294-QĐ/TW")
    assert rule_value("test.deadline", on=D(2026, 1, 5)) == 60

    Rule.objects.filter(pk=rule.pk).update(value="90")

    assert rule_value("test.deadline", on=D(2026, 1, 5)) == 90


def test_rule_in_force_before_first_version_raises_naming_rule_and_date(deadline_versions):
    with pytest.raises(RuleNotInForce) as caught:
        rule_in_force("test.deadline", on=D(2025, 6, 30))

    assert caught.value.rule_id == "test.deadline"
    assert "test.deadline" in str(caught.value)
    assert "30/06/2025" in str(caught.value)


def test_rule_value_unknown_rule_raises(db):
    with pytest.raises(RuleNotInForce, match="no.such_rule"):
        rule_value("no.such_rule", on=D(2026, 1, 5))


def test_rule_in_force_gap_between_versions_raises(db):
    version("test.deadline", D(2025, 1, 1), D(2025, 3, 31), "60", "A")
    version("test.deadline", D(2025, 5, 1), None, "45", "B")

    with pytest.raises(RuleNotInForce):
        rule_in_force("test.deadline", on=D(2025, 4, 15))


def test_rule_in_force_datetime_judged_by_local_date(deadline_versions):
    # 31/12/2026 20:00 UTC is already 1 January 2027 in Hà Nội.
    moment = datetime.datetime(2026, 12, 31, 20, 0, tzinfo=datetime.UTC)

    assert rule_value("test.deadline", on=moment) == 45


def test_rules_in_force_many_ids_one_query(deadline_versions, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = rules_in_force(["test.deadline", "age.min_months", "vote.cell_approval_ratio"], on=D(2026, 1, 5))

    assert {rule_id: rule.typed_value for rule_id, rule in found.items()} == {
        "test.deadline": 60,
        "age.min_months": 216,
        "vote.cell_approval_ratio": Fraction(2, 3),
    }


def test_rules_in_force_missing_id_raises_naming_it(db):
    with pytest.raises(RuleNotInForce) as caught:
        rules_in_force(["age.min_months", "no.such_rule"], on=D(2026, 1, 5))

    assert caught.value.rule_id == "no.such_rule"


def test_seeded_rules_every_id_in_force_today_and_at_the_reform(db):
    for day in (D(2025, 7, 1), D(2026, 3, 2)):
        values = rule_values(SEEDED_RULE_IDS, on=day)

        assert list(values) == SEEDED_RULE_IDS


def test_seeded_rules_values_match_the_specification(db):
    values = rule_values(SEEDED_RULE_IDS, on=D(2026, 3, 2))

    assert values == {
        "age.min_months": 216,
        "age.max_months": 720,
        "over60.requires_provincial_consent": True,
        "education.min_level": "lower_secondary",
        "education.exception_min_level": "primary",
        "education.literate_only_requires_provincial_consent": True,
        "certificate.awareness_validity_months": 60,
        "file.documents_validity_months": 12,
        "verification.validity_months": 12,
        "introducer.min_months_together": 12,
        "introducer.count_without_organisation": 2,
        "introducer.count_with_organisation": 1,
        "vote.cell_approval_ratio": Fraction(2, 3),
        "vote.committee_approval_ratio": Fraction(2, 3),
        "vote.decision_body_approval_ratio": Fraction(2, 3),
        "vote.max_failed_attempts": 3,
        "vote.probationary_members_vote": False,
        "deadline.admission_decision_working_days": 60,
        "deadline.admission_decision_extension_working_days": 30,
        "deadline.ceremony_working_days": 30,
        "probation.months": 12,
        "deadline.recognition_vote_working_days": 30,
        "deadline.recognition_decision_working_days": 30,
        "deadline.recognition_decision_extension_working_days": 30,
        "readmission.min_months_since_leaving": 36,
        "readmission.min_months_after_record_cleared": 60,
        "readmission.max_times": 1,
    }
    assert rule_in_force("vote.decision_body_approval_ratio", on=D(2026, 3, 2)).confidence == "L"


@pytest.mark.parametrize(
    ("day", "regulation"),
    [(D(2024, 5, 10), "24-QĐ/TW"), (D(2025, 1, 20), "232-QĐ/TW"), (D(2025, 6, 30), "232-QĐ/TW"),
     (D(2025, 7, 1), "294-QĐ/TW")],
)
def test_seeded_rules_case_judged_under_regulation_of_its_date(db, day, regulation):
    rule = rule_in_force("age.min_months", on=day)

    assert rule.regulation == regulation
    assert rule.typed_value == 216


def test_seeded_rules_versions_never_overlap(db):
    for rule in Rule.objects.all():
        rule.full_clean()

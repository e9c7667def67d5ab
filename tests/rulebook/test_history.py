"""The rulebook back to 2011 (migration 0004): every rule has a version on every day from the 2011 Charter,
under the text of that day, with the earlier values domain.md gives and the others marked uncertain."""

import datetime

import pytest
from django.urls import reverse

from partycell.rulebook.models import Rule
from partycell.rulebook.selectors import rule_in_force, rule_values
from tests.factories import UserFactory
from tests.rulebook.test_selectors import SEEDED_RULE_IDS

D = datetime.date

EARLIER_RULE_IDS = [
    *SEEDED_RULE_IDS,
    "readmission.requires_provincial_consent",
    "recognition.requires_probation_helper",
    "deadline.verification_working_days",
    "verification.child_min_age_months",
    "education.equivalent_accepted",
    "introducer.residence_counts",
    "age.max_counted_by",
]


@pytest.mark.parametrize("day", [D(2011, 1, 19), D(2013, 6, 3), D(2016, 7, 25), D(2016, 9, 20), D(2017, 6, 5),
                                 D(2019, 8, 16), D(2021, 7, 29), D(2021, 9, 27), D(2022, 1, 17)])  # fmt: skip
def test_every_rule_has_a_version_on_every_day_since_the_2011_charter(db, day):
    assert list(rule_values(EARLIER_RULE_IDS, on=day)) == EARLIER_RULE_IDS


@pytest.mark.parametrize(
    ("rule_id", "day", "regulation"),
    [
        ("age.min_months", D(2013, 6, 3), "45-QĐ/TW (2011)"),
        ("age.min_months", D(2016, 7, 24), "45-QĐ/TW (2011)"),
        ("age.min_months", D(2016, 7, 25), "29-QĐ/TW"),
        ("age.min_months", D(2021, 7, 29), "29-QĐ/TW"),
        ("age.min_months", D(2021, 7, 30), "24-QĐ/TW"),
        ("over60.requires_provincial_consent", D(2016, 9, 19), "01-HD/TW (2012)"),
        ("over60.requires_provincial_consent", D(2016, 9, 20), "01-HD/TW (2016)"),
        ("over60.requires_provincial_consent", D(2021, 9, 28), "01-HD/TW (2021)"),
        ("file.documents_validity_months", D(2017, 6, 4), "12-HD/BTCTW (2012)"),
        ("file.documents_validity_months", D(2017, 6, 5), "09-HD/BTCTW"),
        ("file.documents_validity_months", D(2022, 1, 18), "12-HD/BTCTW"),
    ],
)
def test_a_case_is_judged_under_the_text_in_force_on_its_date(db, rule_id, day, regulation):
    assert rule_in_force(rule_id, on=day).regulation == regulation


@pytest.mark.parametrize(
    ("rule_id", "values"),
    [
        # domain.md 1C: "or equivalent" until 24-QĐ/TW; residence counts from 24-QĐ/TW; over 60 by year until 2016.
        ("education.equivalent_accepted", (True, True, False, False)),
        ("introducer.residence_counts", (False, False, True, True)),
        ("age.max_counted_by", ("years", "months", "months", "months")),
        # No earlier value in domain.md: the later one, carried back.
        ("introducer.min_months_together", (12, 12, 12, 12)),
        ("deadline.admission_decision_working_days", (60, 60, 60, 60)),
    ],
)
def test_earlier_texts_have_their_own_values_where_domain_md_gives_them(db, rule_id, values):
    days = (D(2013, 6, 3), D(2019, 8, 16), D(2022, 3, 1), D(2026, 3, 2))

    assert tuple(rule_in_force(rule_id, on=day).typed_value for day in days) == values


def test_values_carried_back_are_marked_uncertain_in_the_note(db):
    carried = rule_in_force("vote.max_failed_attempts", on=D(2013, 6, 3))
    known = rule_in_force("deadline.admission_decision_working_days", on=D(2019, 8, 16))

    assert (carried.confidence, carried.description.startswith("Chưa chắc chắn / Uncertain")) == ("L", True)
    assert "29-QĐ/TW" in carried.description
    assert "19/01/2011" in carried.description  # why the 2011 text starts at the Charter
    assert (known.confidence, "Uncertain" in known.description) == ("H", False)


def test_every_version_of_the_2011_and_2012_texts_is_low_confidence(db):
    earliest = Rule.objects.filter(regulation__in=["45-QĐ/TW (2011)", "12-HD/BTCTW (2012)"])

    # 15 rules of the implementing regulation, 3 of the forms guide, 2 of the three new rules of 0004,
    # 2 of 0005 (the removal ratio, the late ceremony), 1 of 0006 (the monthly sympathiser-list review).
    assert earliest.count() == 23
    assert set(earliest.values_list("confidence", flat=True)) == {"L"}


def test_readmission_record_cleared_rule_is_read_back_to_2011(db):
    assert rule_in_force("readmission.min_months_after_record_cleared", on=D(2013, 6, 3)).typed_value == 60


@pytest.mark.urls("tests.rulebook.urls")
def test_admin_lists_the_2011_versions_by_regulation(client, settings, tmp_path, db):
    settings.STATIC_ROOT = tmp_path
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:rulebook_rule_changelist"), {"regulation": "45-QĐ/TW (2011)"})

    assert response.status_code == 200
    assert "age.min_months" in response.text
    assert "19/01/2011" in response.text or "Jan. 19, 2011" in response.text

"""The values that differed before 2021 (domain.md 1C), each at its edge, and readmission's record rule (2C)."""

import pytest

from tests.factories import CandidacyFactory, DocumentFactory, MembershipFactory, PersonFactory
from tests.walk import D
from workflows import rules
from workflows.enums import EducationException, FormCode, Stage
from workflows.rules import RuleReader


def _candidacy(cell, stage=Stage.INTRODUCED, **person):
    return CandidacyFactory(cell=cell, stage=stage, person=PersonFactory(unit=cell, **person))


# --- Over 60: by calendar year under 01-HD/TW (2012), by month from 29-QĐ/TW (2016) ------------------------


@pytest.mark.parametrize(
    ("born", "meeting", "over_60"),
    [
        # By year (2014): the year of the meeting minus the year of birth.
        (D(1954, 6, 1), D(2014, 9, 1), False),  # 60 by year, though 60 years 3 months by month
        (D(1953, 12, 31), D(2014, 1, 2), True),  # 61 by year, though 60 years 0 months by month
        # By month (2019): whole months of age.
        (D(1959, 6, 1), D(2019, 9, 1), True),  # 60 years 3 months
        (D(1958, 12, 31), D(2019, 1, 2), False),  # 60 years 0 months
    ],
)
def test_over_60_is_counted_by_year_before_29_qd_tw_and_by_month_after(tree, born, meeting, over_60):
    candidacy = _candidacy(tree.cell_a, date_of_birth=born)

    reasons = rules.age_reasons(candidacy, RuleReader(meeting))

    assert (reasons != []) is over_60
    if over_60:
        assert "consent" in reasons[0]


def test_over_60_by_year_also_decides_whether_provincial_consent_is_needed_for_the_decision(tree):
    candidacy = _candidacy(tree.cell_a, stage=Stage.GRASSROOTS_APPROVED, date_of_birth=D(1954, 6, 1))
    candidacy.cell_resolution_date = D(2014, 9, 1)

    assert rules.provincial_consent_grounds(candidacy, RuleReader(D(2014, 10, 1))) == []

    candidacy.person.date_of_birth = D(1953, 6, 1)
    assert rules.provincial_consent_grounds(candidacy, RuleReader(D(2014, 10, 1))) == ["Over 60"]


# --- Education "or equivalent" until 24-QĐ/TW ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "allowed", "regulation"),
    [(D(2013, 6, 3), True, None), (D(2021, 7, 29), True, None), (D(2021, 7, 30), False, "24-QĐ/TW"),
     (D(2026, 3, 2), False, "294-QĐ/TW")],
)  # fmt: skip
def test_an_education_equivalent_to_lower_secondary_is_accepted_only_before_24_qd_tw(
    tree, meeting, allowed, regulation
):
    candidacy = _candidacy(tree.cell_a, education_level="primary")
    candidacy.education_exception = EducationException.EQUIVALENT

    reasons = rules.education_reasons(candidacy, RuleReader(meeting))

    assert (reasons == []) is allowed
    if regulation:
        assert reasons == [f"An education equivalent to Lower secondary (THCS) is not accepted under {regulation} "
                           f"(in force on {meeting:%d/%m/%Y})."]  # fmt: skip


def test_primary_school_without_an_exception_is_refused_in_2013_too(tree):
    candidacy = _candidacy(tree.cell_a, education_level="primary")

    assert rules.education_reasons(candidacy, RuleReader(D(2013, 6, 3))) != []


# --- Readmission: 60 months after the criminal record was cleared (2C) ------------------------------------------


@pytest.mark.parametrize(
    ("cleared", "meeting", "allowed"),
    [
        (None, D(2026, 3, 2), True),  # never convicted: 36 months since leaving suffice
        (D(2021, 3, 3), D(2026, 3, 2), False),  # 59 months and 29 days after the record was cleared
        (D(2021, 3, 2), D(2026, 3, 2), True),  # 60 months
    ],
)
def test_readmission_after_a_less_serious_crime_waits_60_months_after_the_record_is_cleared(
    tree, cleared, meeting, allowed
):
    candidacy = _candidacy(tree.cell_a)
    candidacy.is_readmission = True
    candidacy.record_cleared_on = cleared
    MembershipFactory(person=candidacy.person, cell=tree.cell_a, status="removed", recognition_date=None,
                      left_on=D(2019, 3, 2))  # fmt: skip

    reasons = rules.readmission_reasons(candidacy, RuleReader(meeting))

    assert (reasons == []) is allowed
    if not allowed:
        assert reasons == ["The criminal record was cleared on 03/03/2021: readmission is possible from 03/03/2026."]


def test_readmission_record_rule_is_stored_on_the_audit_entry_when_read(tree):
    candidacy = _candidacy(tree.cell_a)
    candidacy.is_readmission = True
    candidacy.record_cleared_on = D(2015, 1, 5)
    MembershipFactory(person=candidacy.person, cell=tree.cell_a, status="removed", recognition_date=None,
                      left_on=D(2014, 3, 2))  # fmt: skip
    DocumentFactory(candidacy=candidacy, form_code=FormCode.PROVINCIAL_CONSENT, issued_on=D(2019, 2, 1))
    reader = RuleReader(D(2019, 8, 16))

    rules.readmission_reasons(candidacy, reader)

    assert reader.used["readmission.min_months_after_record_cleared"]["regulation"] == "29-QĐ/TW"

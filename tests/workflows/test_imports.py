"""Starting mid-stream (workflows.imports): the roll and open cases brought in, matched by CCCD,
all or nothing, each refused row with its reason, the audit trail and deadlines they get."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine

from partycell.people.models import Membership, MembershipStatus, Person
from tests.factories import MembershipFactory, PersonFactory
from workflows import imports
from workflows.enums import FormCode, Stage
from workflows.models import Candidacy, Document, TransitionLog, Vote

D = datetime.date
TODAY = D(2026, 12, 15)


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@dataclass
class Row:
    number: int
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)


def person_data(cell, index: int) -> dict[str, Any]:
    return {
        "full_name": f"Lê Văn Nam {index}", "date_of_birth": D(1980, 1, 1), "sex": "male",
        "citizen_id": f"0010800{index:05d}", "cell": cell, "unit": cell,
    }  # fmt: skip


def member(cell, index: int = 1, **fields) -> Row:
    data = person_data(cell, index) | {
        "status": MembershipStatus.OFFICIAL, "admission_decision_date": D(2015, 3, 2),
        "ceremony_date": D(2015, 3, 20), "recognition_date": D(2016, 3, 20),
    }  # fmt: skip
    return Row(number=index + 1, data=data | fields)


def case(cell, index: int = 1, **fields) -> Row:
    data = person_data(cell, 500 + index) | {
        "stage": Stage.INTRODUCED, "sympathiser_on": D(2026, 1, 5), "awareness_certificate_on": D(2026, 3, 2),
        "file_opened_on": D(2026, 4, 1), "verified_on": D(2026, 6, 1), "introduced_on": D(2026, 7, 1),
    }  # fmt: skip
    return Row(number=index + 1, data=data | fields)


def test_import_official_member_becomes_a_closed_case_with_imported_entries_at_its_decisions(tree, commune_staff):
    outcome = imports.roll_import(rows=[member(tree.cell_a, recognition_decision_date=D(2016, 4, 5))],
                                  actor=commune_staff, source="danh-sach.xlsx")  # fmt: skip

    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 0, 0)
    membership = Membership.objects.get(person__citizen_id="001080000001")
    assert (membership.status, membership.recognition_date) == ("official", D(2016, 3, 20))
    candidacy = Candidacy.objects.get(person=membership.person)
    assert candidacy.stage == Stage.OFFICIAL and not candidacy.is_open
    trail = list(candidacy.transitions.values_list("action", "from_stage", "to_stage", "event_date", "actor"))
    assert trail == [
        ("import", "", Stage.ADMISSION_DECIDED, D(2015, 3, 2), commune_staff.pk),
        ("import", Stage.ADMISSION_DECIDED, Stage.PROBATIONARY, D(2015, 3, 20), commune_staff.pk),
        ("import", Stage.PROBATIONARY, Stage.OFFICIAL, D(2016, 4, 5), commune_staff.pk),
    ]
    assert candidacy.transitions.first().evidence == {"file": "danh-sach.xlsx", "row": 2}
    # The decisions name the committee competent on their dates, as the workflow's entries do; a ceremony
    # records no decision.
    assert [entry.deciding_unit for entry in candidacy.transitions.all()] == [tree.commune, None, tree.commune]


def test_import_probationary_member_keeps_an_open_case_waiting_for_the_recognition_vote(tree, commune_staff):
    row = member(tree.cell_a, status=MembershipStatus.PROBATIONARY, admission_decision_date=D(2026, 2, 2),
                 ceremony_date=D(2026, 2, 20), recognition_date=None)  # fmt: skip

    imports.roll_import(rows=[row], actor=commune_staff, source="f.xlsx")

    candidacy = Candidacy.objects.get()
    assert (candidacy.stage, candidacy.probation_ends_on) == (Stage.PROBATIONARY, D(2027, 2, 20))
    assert candidacy.stage_due_rule == "deadline.recognition_vote_working_days"
    assert candidacy.stage_due_on > D(2027, 2, 20)
    last = candidacy.transitions.last()
    assert last.due_on == candidacy.stage_due_on
    assert last.rules["probation.months"]["value"] == "12"


def test_import_same_roll_twice_reports_no_change_and_writes_nothing(tree, commune_staff):
    rows = [member(tree.cell_a, 1), member(tree.cell_b, 2, party_card_number="01234567")]
    imports.roll_import(rows=rows, actor=commune_staff, source="f.xlsx")
    counts = (Person.objects.count(), Membership.objects.count(), Candidacy.objects.count(),
              TransitionLog.objects.count())  # fmt: skip

    again = imports.roll_import(rows=[member(tree.cell_a, 1), member(tree.cell_b, 2, party_card_number="01234567")],
                                actor=commune_staff, source="f.xlsx")  # fmt: skip

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (Person.objects.count(), Membership.objects.count(), Candidacy.objects.count(),
            TransitionLog.objects.count()) == counts  # fmt: skip


def test_import_a_changed_phone_updates_the_person_with_a_correction_entry(tree, commune_staff):
    imports.roll_import(rows=[member(tree.cell_a)], actor=commune_staff, source="f.xlsx")

    outcome = imports.roll_import(rows=[member(tree.cell_a, phone="0912345678")], actor=commune_staff, source="g.xlsx")

    person = Person.objects.get()
    assert (outcome.updated, person.phone) == (1, "0912345678")
    assert person.changes.get().reason == "Imported from g.xlsx."
    assert Candidacy.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"ceremony_date": D(2015, 2, 1)},
         "The admission ceremony (01/02/2015) cannot be before the admission decision (02/03/2015)."),
        ({"recognition_date": D(2016, 3, 19)},
         "Recognition on 19/03/2016 comes before the end of the probation, 20/03/2016 (12 months from the ceremony)."),
        ({"status": MembershipStatus.OFFICIAL, "recognition_date": None},
         "An official member needs the date of recognition as an official member."),
        ({"party_card_number": "123", "status": MembershipStatus.PROBATIONARY, "recognition_date": None},
         "Only an official member holds a party card."),
        ({"party_card_number": "123", "party_card_date": D(2016, 1, 1)},
         "The party card (01/01/2016) cannot be issued before recognition (20/03/2016)."),
        ({"party_card_number": "123", "party_card_decision_date": D(2016, 3, 1)},
         "The card-issue decision (01/03/2016) cannot come before recognition (20/03/2016)."),
        ({"party_card_number": "123", "party_card_date": D(2016, 4, 1), "party_card_decision_date": D(2016, 4, 2)},
         "The party card (01/04/2016) cannot be dated before the decision that issues it (02/04/2016)."),
        ({"recognition_date": D(2027, 1, 1)}, "recognition_date: this date is in the future."),
    ],
)  # fmt: skip
def test_import_roll_row_the_procedure_forbids_is_reported_and_nothing_saved(tree, commune_staff, fields, reason):
    rows = [member(tree.cell_a, 1), member(tree.cell_a, 2, **fields)]

    with pytest.raises(imports.ImportRefused) as refused:
        imports.roll_import(rows=rows, actor=commune_staff, source="f.xlsx")

    assert [row.number for row in refused.value.rows] == [3]
    assert reason in rows[1].errors
    assert (Person.objects.count(), Candidacy.objects.count(), TransitionLog.objects.count()) == (0, 0, 0)


def test_import_card_number_already_used_by_another_member_is_refused(tree, commune_staff):
    MembershipFactory(party_card_number="00001234")
    rows = [member(tree.cell_a, 1, party_card_number="00001234")]

    imports.roll_check(rows)

    assert rows[0].errors == ["The party card number 00001234 is already used by another member."]


def test_import_card_number_twice_in_the_file_is_refused_on_both_rows(tree, commune_staff):
    rows = [member(tree.cell_a, 1, party_card_number="077"), member(tree.cell_a, 2, party_card_number="077")]

    imports.roll_check(rows)

    assert all("The party card number 077 appears on several rows of the file." in row.errors for row in rows)


def test_import_member_already_on_the_roll_with_other_dates_is_refused(tree, commune_staff):
    imports.roll_import(rows=[member(tree.cell_a)], actor=commune_staff, source="f.xlsx")
    rows = [member(tree.cell_a, admission_decision_date=D(2015, 3, 1))]

    imports.roll_check(rows)

    assert rows[0].errors == [
        "Already on the roll with another admission decision date (02/03/2015); correct it on the person's page, "
        "not by import."
    ]


def test_import_open_case_at_its_stage_with_documents_vote_and_deadline(tree, commune_staff):
    row = case(tree.cell_c, stage=Stage.CELL_APPROVED, cell_resolution_date=D(2026, 7, 20), cell_vote_eligible=9,
               cell_vote_present=8, cell_vote_in_favour=7, cell_vote_against=1, proposed_by="youth_union")  # fmt: skip

    outcome = imports.cases_import(rows=[row], actor=commune_staff, source="ho-so.xlsx")

    assert outcome.created == 1
    candidacy = Candidacy.objects.get()
    assert (candidacy.stage, candidacy.cell_resolution_date, candidacy.proposed_by) == (
        Stage.CELL_APPROVED, D(2026, 7, 20), "youth_union")  # fmt: skip
    # 60 working days from the cell resolution (National Day and its extra day off fall inside), by the rule in
    # force on that day.
    assert candidacy.stage_due_rule == "deadline.admission_decision_working_days"
    assert candidacy.stage_due_on == D(2026, 10, 14)
    assert sorted(Document.objects.values_list("form_code", flat=True)) == sorted([
        FormCode.AWARENESS_CERTIFICATE, FormCode.APPLICATION, FormCode.PERSONAL_HISTORY, FormCode.VERIFICATION,
        FormCode.INTRODUCTION, FormCode.COMMENTS_SUMMARY, FormCode.CELL_RESOLUTION,
    ])  # fmt: skip
    vote = Vote.objects.get()
    assert (vote.eligible, vote.in_favour, vote.ratio, vote.passed) == (9, 7, "2/3", True)
    entry = TransitionLog.objects.get()
    assert (entry.action, entry.to_stage, entry.event_date, entry.due_on) == (
        "import", Stage.CELL_APPROVED, D(2026, 7, 20), D(2026, 10, 14))  # fmt: skip
    assert entry.evidence["file"] == "ho-so.xlsx"
    assert entry.rules["deadline.admission_decision_working_days"]["value"] == "60"


def test_import_case_past_its_admission_counts_the_decision_in_the_trail(tree, commune_staff):
    row = case(tree.cell_c, stage=Stage.PROBATIONARY, cell_resolution_date=D(2026, 7, 20), cell_vote_eligible=9,
               cell_vote_present=9, cell_vote_in_favour=9, admission_decision_date=D(2026, 8, 10),
               ceremony_date=D(2026, 8, 25))  # fmt: skip

    imports.cases_import(rows=[row], actor=commune_staff, source="f.xlsx")

    candidacy = Candidacy.objects.get()
    assert list(candidacy.transitions.values_list("to_stage", "event_date")) == [
        (Stage.ADMISSION_DECIDED, D(2026, 8, 10)), (Stage.PROBATIONARY, D(2026, 8, 25))]  # fmt: skip
    assert candidacy.probation_ends_on == D(2027, 8, 25)


@pytest.mark.parametrize(
    ("cell", "fields", "reason"),
    [
        ("cell_a", {"stage": Stage.PARTIAL_APPRAISED, "cell_resolution_date": D(2026, 7, 20),
                    "partial_appraised_on": D(2026, 7, 25)},
         "The stage “Appraised by the partial committee” does not exist on the path of Chi bộ Giáo viên 1."),
        ("cell_c", {"stage": Stage.GRASSROOTS_APPROVED, "cell_resolution_date": D(2026, 7, 20),
                    "grassroots_resolution_date": D(2026, 7, 25)},
         "The stage “Proposed by the grassroots committee” does not exist on the path of Chi bộ Tổ dân phố 5."),
        ("cell_c", {"verified_on": D(2026, 3, 1)},
         "verified_on (01/03/2026) cannot be before file_opened_on (01/04/2026)."),
        ("cell_c", {"stage": Stage.VERIFIED}, "introduced_on: a case at the stage “Personal history verified” has "
                                               "not reached this step yet."),
        ("cell_c", {"stage": Stage.CELL_APPROVED, "cell_resolution_date": D(2026, 7, 20), "cell_vote_eligible": 9,
                    "cell_vote_present": 9, "cell_vote_in_favour": 5},
         "cell_vote_eligible: 5 of 9 in favour is less than 2/3; a case past this vote had it pass."),
        ("cell_c", {"stage": Stage.PROBATIONARY, "cell_resolution_date": D(2026, 7, 20),
                    "admission_decision_date": D(2026, 8, 10), "ceremony_date": D(2026, 8, 1)},
         "ceremony_date (01/08/2026) cannot be before admission_decision_date (10/08/2026)."),
    ],
)  # fmt: skip
def test_import_case_row_the_procedure_forbids_is_reported_and_nothing_saved(tree, commune_staff, cell, fields,
                                                                             reason):  # fmt: skip
    rows = [case(tree.cell_c, 1), case(getattr(tree, cell), 2, **fields)]

    with pytest.raises(imports.ImportRefused):
        imports.cases_import(rows=rows, actor=commune_staff, source="f.xlsx")

    assert reason in rows[1].errors
    assert rows[0].errors == []
    assert (Person.objects.count(), Candidacy.objects.count(), Document.objects.count()) == (0, 0, 0)


def test_import_case_recognition_vote_before_the_12_months_is_refused(tree, commune_staff):
    rows = [case(tree.cell_c, stage=Stage.RECOGNITION_PROPOSED, cell_resolution_date=D(2025, 1, 6),
                 admission_decision_date=D(2025, 2, 3), ceremony_date=D(2025, 2, 20),
                 recognition_vote_date=D(2026, 2, 19), sympathiser_on=D(2024, 1, 5),
                 awareness_certificate_on=D(2024, 3, 2), file_opened_on=D(2024, 4, 1), verified_on=D(2024, 6, 1),
                 introduced_on=D(2024, 7, 1))]  # fmt: skip

    imports.cases_check(rows)

    assert rows[0].errors == [
        "The recognition vote (19/02/2026) comes before the end of the probation, 20/02/2026 (12 months from the "
        "ceremony)."
    ]


def test_import_same_cases_twice_reports_no_change(tree, commune_staff):
    imports.cases_import(rows=[case(tree.cell_c, 1), case(tree.cell_a, 2)], actor=commune_staff, source="f.xlsx")
    logs = TransitionLog.objects.count()

    again = imports.cases_import(rows=[case(tree.cell_c, 1), case(tree.cell_a, 2)], actor=commune_staff,
                                 source="f.xlsx")  # fmt: skip

    assert (again.created, again.unchanged) == (0, 2)
    assert TransitionLog.objects.count() == logs


def test_import_case_of_a_person_who_is_already_a_member_is_refused(tree, commune_staff):
    person = PersonFactory(citizen_id="001080000501")
    MembershipFactory(person=person)
    rows = [case(tree.cell_c, 1)]

    imports.cases_check(rows)

    assert rows[0].errors == ["This person is already a party member (Official member)."]

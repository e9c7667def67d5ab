import datetime

import pytest
import time_machine

from partycell.people.models import Membership, MembershipStatus
from tests.factories import PersonFactory
from tests.workflows.walk import D, perform, to_introduced, vote
from workflows import services
from workflows.enums import FormCode, Stage
from workflows.models import TransitionLog


@pytest.fixture
def candidacy(tree, secretary):
    person = PersonFactory(unit=tree.cell_a, date_of_birth=D(1999, 4, 2))
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        return services.candidacy_create(actor=secretary, person=person, cell=tree.cell_a)


def test_full_walk_makes_the_person_an_official_member_on_the_roll(
    tree, candidacy, secretary, grassroots_staff, commune_standing, roll_a
):
    to_introduced(candidacy, secretary=secretary, grassroots_actor=grassroots_staff, introducers=roll_a[:2])
    perform(secretary, candidacy, "cell_vote", vote(D(2026, 3, 3), in_favour=6), today=D(2026, 3, 3))
    perform(
        grassroots_staff,
        candidacy,
        "grassroots_vote",
        vote(D(2026, 3, 20), in_favour=9, eligible=11),
        today=D(2026, 3, 20),
    )
    perform(
        commune_standing,
        candidacy,
        "admission_decide",
        {"decision_number": "125-QĐ/ĐU", "decision_date": "2026-04-06", "received_on": "2026-04-08"},
        today=D(2026, 4, 8),
    )
    perform(secretary, candidacy, "ceremony_hold", {"ceremony_date": "2026-04-20"}, today=D(2026, 4, 20))
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9), tick=False):
        services.document_add(
            actor=secretary, candidacy=candidacy, form_code=FormCode.NEW_MEMBER_CERTIFICATE, issued_on=D(2026, 11, 30)
        )
    perform(secretary, candidacy, "recognition_vote", vote(D(2027, 4, 27), in_favour=7), today=D(2027, 4, 27))
    perform(
        grassroots_staff,
        candidacy,
        "recognition_review",
        vote(D(2027, 5, 10), in_favour=11, eligible=11),
        today=D(2027, 5, 10),
    )
    perform(
        commune_standing,
        candidacy,
        "recognition_decide",
        {"decision_number": "310-QĐ/ĐU", "decision_date": "2027-06-01"},
        today=D(2027, 6, 1),
    )

    membership = Membership.objects.get(person=candidacy.person)
    assert candidacy.stage == Stage.OFFICIAL
    assert membership.status == MembershipStatus.OFFICIAL
    assert membership.admission_decision_date == D(2026, 4, 6)
    assert membership.recognition_date == D(2027, 4, 20)
    assert list(
        TransitionLog.objects.filter(candidacy=candidacy).stage_changes().values_list("to_stage", flat=True)
    ) == [
        Stage.SOURCE,
        Stage.SYMPATHISER,
        Stage.CLASS_DONE,
        Stage.FILE_OPEN,
        Stage.VERIFIED,
        Stage.INTRODUCED,
        Stage.CELL_APPROVED,
        Stage.GRASSROOTS_APPROVED,
        Stage.ADMISSION_DECIDED,
        Stage.PROBATIONARY,
        Stage.RECOGNITION_PROPOSED,
        Stage.RECOGNITION_REVIEWED,
        Stage.OFFICIAL,
    ]

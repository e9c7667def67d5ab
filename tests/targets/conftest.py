"""Helpers for the targets tests: admissions and members in bulk, the way the workflow records them."""

import datetime

import pytest
from django.utils import translation

from partycell.organisations.models import Unit
from partycell.people.models import Membership, MembershipStatus, Person
from partycell.targets.enums import PeriodKind
from tests.factories import CandidacyFactory, PeriodFactory, TransitionLogFactory
from workflows.enums import Stage


def admit(cell: Unit, *, on: datetime.date, count: int = 1, stage: str = Stage.PROBATIONARY, **person_fields):
    """Record ``count`` admission decisions in ``cell`` on ``on``; return the candidacies."""
    candidacies = []
    for _ in range(count):
        candidacy = CandidacyFactory(cell=cell, stage=stage, admission_decision_date=on, **_person(person_fields))
        TransitionLogFactory(candidacy=candidacy, to_stage=Stage.ADMISSION_DECIDED, event_date=on)
        candidacies.append(candidacy)
    return candidacies


def _person(fields: dict) -> dict:
    return {f"person__{key}": value for key, value in fields.items()}


def add_members(cell: Unit, count: int, *, admitted: datetime.date = datetime.date(2015, 3, 2)) -> None:
    """``count`` official members of ``cell`` in two bulk inserts."""
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Đảng viên {start + i}", date_of_birth=datetime.date(1980, 1, 1), sex="male",
            citizen_id=f"9{cell.pk:04d}{start + i:07d}", unit=cell,
        )
        for i in range(count)
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(
            person=person, cell=cell, status=MembershipStatus.OFFICIAL, admission_decision_date=admitted,
            recognition_date=admitted.replace(year=admitted.year + 1),
        )
        for person in people
    )  # fmt: skip


@pytest.fixture
def year_2026(db):
    return PeriodFactory(kind=PeriodKind.YEAR, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31))


@pytest.fixture
def term_2025_2030(db):
    return PeriodFactory(kind=PeriodKind.TERM, starts_on=datetime.date(2025, 10, 1), ends_on=datetime.date(2030, 9, 30))


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); pages pick their language from the request."""
    with translation.override("en"):
        yield

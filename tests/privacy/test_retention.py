"""Retention: people never admitted are anonymised once their last candidacy closed more than the
retention period ago; the audit trail is untouched, their corrections go, the run is logged."""

import datetime

import pytest
from django.core.management import call_command

from partycell.people.models import Person, PersonChange
from partycell.privacy.models import AccessLogEntry, AccessLogPerson
from partycell.privacy.retention import anonymise_expired
from tests.factories import (
    CandidacyFactory,
    MembershipFactory,
    PersonChangeFactory,
    PersonFactory,
    TransitionLogFactory,
)
from workflows.enums import Stage
from workflows.models import TransitionLog

TODAY = datetime.date(2031, 6, 1)


def _withdrawn(person, closed_on):
    return CandidacyFactory(person=person, cell=person.unit, stage=Stage.WITHDRAWN, closed_on=closed_on)


@pytest.fixture
def expired(tree):
    person = PersonFactory(unit=tree.cell_a, full_name="Nguyễn Thị Lan", citizen_id="001190012345",
                           date_of_birth=datetime.date(1990, 7, 9), phone="0912345678")  # fmt: skip
    candidacy = _withdrawn(person, datetime.date(2025, 3, 1))
    TransitionLogFactory(candidacy=candidacy, to_stage=Stage.WITHDRAWN, evidence={"note_id": 1})
    PersonChangeFactory(person=person, changes={"full_name": ["Nguyen Thi Lan", "Nguyễn Thị Lan"]})
    return person


def test_a_person_never_admitted_is_anonymised_after_the_retention_period(expired, settings):
    settings.PRIVACY_RETENTION_YEARS = 5
    audit_before = list(TransitionLog.objects.values())

    assert anonymise_expired(today=TODAY) == [expired.pk]

    expired.refresh_from_db()
    assert (expired.full_name, expired.phone, expired.date_of_birth) == ("Ẩn danh", "", datetime.date(1990, 1, 1))
    assert expired.citizen_id == f"000{expired.pk:09d}" and expired.anonymised_at is not None
    assert not PersonChange.objects.filter(person=expired).exists()
    assert list(TransitionLog.objects.values()) == audit_before  # never rewritten
    entry = AccessLogEntry.objects.get(what="anonymised (retention)")
    assert list(AccessLogPerson.objects.filter(entry=entry).values_list("person_id", flat=True)) == [expired.pk]


def test_recent_members_and_open_cases_are_kept(tree, expired, settings):
    settings.PRIVACY_RETENTION_YEARS = 5
    recent = _withdrawn(PersonFactory(unit=tree.cell_a), datetime.date(2028, 1, 1)).person
    member = MembershipFactory(cell=tree.cell_a).person
    _withdrawn(member, datetime.date(2020, 1, 1))
    still_open = PersonFactory(unit=tree.cell_a)
    _withdrawn(still_open, datetime.date(2020, 1, 1))
    CandidacyFactory(person=still_open, cell=tree.cell_a, stage=Stage.SOURCE)

    assert anonymise_expired(today=TODAY) == [expired.pk]
    kept = set(Person.objects.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    assert {recent.pk, member.pk, still_open.pk} <= kept
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1


def test_retention_years_is_a_setting(expired, settings):
    settings.PRIVACY_RETENTION_YEARS = 10

    assert anonymise_expired(today=TODAY) == []


def test_command_dry_run_changes_nothing(expired, settings, capsys):
    settings.PRIVACY_RETENTION_YEARS = 5

    call_command("anonymise_expired", "--dry-run")

    assert "would be anonymised" in capsys.readouterr().out
    expired.refresh_from_db()
    assert expired.full_name == "Nguyễn Thị Lan"

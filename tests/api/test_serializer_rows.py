"""The API's rows are DRF's rows: ``workflows.api.serializers.ModelSerializer`` reads plain attributes
directly, and must give what DRF's own ``to_representation`` gives for every field."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from partycell.people.models import Person
from tests.factories import CandidacyFactory, MembershipFactory, PersonFactory
from workflows.api.serializers import (
    CandidacySerializer,
    MembershipSerializer,
    PersonSerializer,
    UnitSummarySerializer,
)
from workflows.enums import Stage

pytestmark = pytest.mark.django_db


def drf_row(serializer: serializers.Serializer, instance: object) -> dict:
    """The row as DRF's own ``Serializer.to_representation`` builds it, with the same fields."""
    return serializers.Serializer.to_representation(serializer, instance)


def test_candidacy_rows_are_the_rows_drf_gives(tree):
    candidacy = CandidacyFactory(
        cell=tree.cell_a, stage=Stage.PROBATIONARY, stage_due_on=datetime.date(2026, 3, 1),
        ceremony_date=datetime.date(2025, 3, 1),
    )  # fmt: skip
    serializer = CandidacySerializer()

    row = serializer.to_representation(candidacy)

    assert row == drf_row(serializer, candidacy)
    assert row["stage_label"] == candidacy.get_stage_display()  # a field with its own get_attribute
    assert row["is_open"] is True  # a property
    assert row["closed_on"] is None  # a value DRF leaves as None
    assert row["person"]["full_name"] == candidacy.person.full_name  # a nested serializer


def test_person_rows_with_and_without_a_membership_are_the_rows_drf_gives(tree):
    member = MembershipFactory(cell=tree.cell_a).person
    candidate = PersonFactory(unit=tree.cell_a)  # no membership: the reverse one-to-one raises
    serializer = PersonSerializer()

    rows = [serializer.to_representation(person) for person in (member, candidate)]

    assert rows == [drf_row(serializer, person) for person in (member, candidate)]
    assert rows[1]["membership"] is None
    assert rows[0]["membership"] == drf_row(MembershipSerializer(), member.membership)
    assert rows[0]["unit"] == tree.cell_a.pk  # a related field: DRF's pk-only object


def test_a_callable_attribute_is_read_the_drf_way(tree):
    class WithCallable(CandidacySerializer):
        note = serializers.CharField(source="get_stage_display", read_only=True)

        class Meta(CandidacySerializer.Meta):
            fields = ["id", "note"]

    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)

    row = WithCallable().to_representation(candidacy)

    assert row["note"] == candidacy.get_stage_display()
    assert row == drf_row(WithCallable(), candidacy)


def test_a_dictionary_is_read_the_drf_way():
    data = {"id": 7, "name": "Chi bộ 1", "code": "CB1"}

    assert UnitSummarySerializer().to_representation(data) == data


def test_each_serializer_gets_its_own_fields_with_the_choices_of_the_model():
    first, second = PersonSerializer(), PersonSerializer()

    sex, other_sex = first.fields["sex"], second.fields["sex"]

    assert sex is not other_sex and sex.parent is first and other_sex.parent is second
    assert sex.choices == other_sex.choices == dict(Person._meta.get_field("sex").flatchoices)


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "America/New_York"])
def test_date_times_are_written_in_the_active_time_zone_as_drf_writes_them(tree, zone):
    candidacy = CandidacyFactory(cell=tree.cell_a)

    with timezone.override(zoneinfo.ZoneInfo(zone)):
        row = CandidacySerializer().to_representation(candidacy)
        drf = serializers.DateTimeField().to_representation(candidacy.created_at)

    assert row["created_at"] == drf


def test_each_serializer_reads_the_time_zone_active_when_it_writes(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a)

    with timezone.override(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")):
        in_hanoi = CandidacySerializer().to_representation(candidacy)["created_at"]
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        in_utc = CandidacySerializer().to_representation(candidacy)["created_at"]

    assert in_hanoi.endswith("+07:00") and in_utc.endswith("Z")

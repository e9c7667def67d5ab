"""The audit tables refuse UPDATE and DELETE in the database itself: ORM bulk calls and raw SQL alike."""

import pathlib

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection, transaction

from partycell.people.models import PersonChange
from partycell.privacy.append_only import APPEND_ONLY_TABLES, audit_unlocked
from partycell.privacy.models import AccessLogEntry
from partycell.targets.models import TargetChange
from tests.factories import (
    AccessLogPersonFactory,
    PersonChangeFactory,
    TargetChangeFactory,
    TransitionLogFactory,
)
from workflows.models import TransitionLog

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _refused(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


@pytest.fixture
def audit_rows(db):
    return {
        "workflows_transitionlog": TransitionLogFactory(note="Họp chi bộ").pk,
        "people_personchange": PersonChangeFactory().pk,
        "targets_targetchange": TargetChangeFactory().pk,
        "privacy_accesslogentry": AccessLogPersonFactory().entry_id,
        "privacy_accesslogperson": AccessLogPersonFactory().pk,
    }


@pytest.mark.parametrize("table", sorted(APPEND_ONLY_TABLES))
def test_raw_sql_update_of_an_audit_row_is_refused(audit_rows, table):
    assert _refused(f"UPDATE {table} SET id = id WHERE id = %s", [audit_rows[table]])  # noqa: S608 (a constant)


@pytest.mark.parametrize("table", sorted(APPEND_ONLY_TABLES))
def test_raw_sql_delete_of_an_audit_row_is_refused(audit_rows, table):
    assert _refused(f"DELETE FROM {table} WHERE id = %s", [audit_rows[table]])  # noqa: S608 (a constant)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE id = %s", [audit_rows[table]])  # noqa: S608
        assert cursor.fetchone() == (1,)


def test_queryset_update_and_delete_of_the_audit_trail_are_refused(audit_rows):
    with pytest.raises(DatabaseError), transaction.atomic():
        TransitionLog.objects.update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        TargetChange.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=audit_rows["privacy_accesslogentry"]).update(what="nothing")

    assert TransitionLog.objects.get().note == "Họp chi bộ"


def test_corrections_of_a_person_are_deletable_only_once_the_person_is_anonymised(db):
    change = PersonChangeFactory()

    with pytest.raises(DatabaseError), transaction.atomic():
        PersonChange.objects.filter(pk=change.pk).delete()
    type(change.person).objects.filter(pk=change.person_id).update(anonymised_at="2030-01-01T00:00:00Z")
    PersonChange.objects.filter(pk=change.pk).delete()

    assert not PersonChange.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        PersonChange.objects.filter(pk=PersonChangeFactory().pk).update(reason="x")  # updates never


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_tables_through_the_one_way_through():
    TransitionLogFactory()
    AccessLogPersonFactory()

    call_command("flush", interactive=False, verbosity=0)

    assert not TransitionLog.objects.exists()
    assert not AccessLogEntry.objects.exists()
    assert _refused("DELETE FROM workflows_transitionlog", []) is False  # empty: nothing to refuse
    TransitionLogFactory()
    assert _refused("DELETE FROM workflows_transitionlog", [])  # locked again after the flush


def test_only_the_flush_command_and_migrations_use_the_way_through():
    users = sorted(
        str(path.relative_to(ROOT))
        for base in ("partycell", "workflows")
        for path in (ROOT / base).rglob("*.py")
        if "audit_unlocked" in path.read_text(encoding="utf-8")
        and path.name != "append_only.py"
        and "migrations" not in path.parts
    )

    assert users == ["partycell/management/commands/flush.py"]


def test_triggers_come_back_after_a_migrate_when_a_table_lost_them(db):
    """SQLite loses them when a migration rebuilds a table; on PostgreSQL a hand-run DROP TRIGGER does."""
    drop = {
        "sqlite": "DROP TRIGGER workflows_transitionlog_append_only_update",
        "postgresql": "DROP TRIGGER workflows_transitionlog_append_only_rows ON workflows_transitionlog",
    }[connection.vendor]
    row = TransitionLogFactory()
    with connection.cursor() as cursor:
        cursor.execute(drop)
    assert not _refused("UPDATE workflows_transitionlog SET note = 'x' WHERE id = %s", [row.pk])

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as every ``migrate`` ends

    assert _refused("UPDATE workflows_transitionlog SET note = 'y' WHERE id = %s", [row.pk])


def test_audit_unlocked_lets_a_flush_through_and_locks_again(db):
    row = TransitionLogFactory()
    with audit_unlocked(connection):
        assert not _refused("UPDATE workflows_transitionlog SET note = 'x' WHERE id = %s", [row.pk])
    assert _refused("UPDATE workflows_transitionlog SET note = 'y' WHERE id = %s", [row.pk])

"""Append-only in the database: triggers refuse UPDATE and DELETE on the audit tables.

The models already refuse ``save()`` of an existing row and ``delete()``; the triggers also stop
``QuerySet.update()``, ``QuerySet.delete()``, cascades and raw SQL, on PostgreSQL and on SQLite.

``APPEND_ONLY_TABLES`` lists the tables. Triggers act on rows, so adding a column stays possible; on
SQLite a migration that rebuilds a table (Django does for some column changes) drops its triggers, so
``install_triggers`` runs again after every ``migrate`` (``post_migrate``) and is idempotent.

**The one way through** is ``audit_unlocked(connection)``, used only by ``manage.py flush`` (the
test suite's reset, which empties every table at once): on SQLite it sets a flag of this Python
connection that the SQL function ``partycell_audit_unlocked()`` reads (a connection without this
module, e.g. the ``sqlite3`` shell, has no such function and is refused); on PostgreSQL it sets the
session setting ``partycell.audit_unlocked``. ``tests/privacy/test_append_only.py`` checks that no
other module of the application imports it. PostgreSQL's flush uses ``TRUNCATE``, which row triggers
do not see: a statement trigger refuses ``TRUNCATE`` too unless unlocked.

A person's corrections (``people_personchange``) hold old and new values of that person's record:
once the person is anonymised (``Person.anonymised_at`` set, see ``partycell.privacy.retention``)
their rows may be deleted, and only then.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

# table -> extra SQL condition under which a DELETE is allowed (None: never)
APPEND_ONLY_TABLES: dict[str, str | None] = {
    "workflows_transitionlog": None,
    "people_personchange": "(SELECT anonymised_at FROM people_person WHERE id = OLD.person_id) IS NOT NULL",
    "targets_targetchange": None,
    "privacy_accesslogentry": None,
    "privacy_accesslogperson": None,
}

UNLOCK_FUNCTION = "partycell_audit_unlocked"
UNLOCK_SETTING = "partycell.audit_unlocked"
_FLAG = "_partycell_audit_unlocked"


@receiver(connection_created)
def _teach_sqlite(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(UNLOCK_FUNCTION, 0, lambda: 1 if getattr(connection, _FLAG, False) else 0)


@contextmanager
def audit_unlocked(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Let UPDATE, DELETE and TRUNCATE through on this connection. For ``manage.py flush`` only."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET {UNLOCK_SETTING} = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"RESET {UNLOCK_SETTING}")
        return
    setattr(connection, _FLAG, True)
    try:
        yield
    finally:
        setattr(connection, _FLAG, False)


def _sqlite_sql(table: str, delete_allowed: str | None) -> list[str]:
    unlocked = f"{UNLOCK_FUNCTION}() = 0"
    delete_when = unlocked if delete_allowed is None else f"{unlocked} AND NOT {delete_allowed}"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_append_only_update BEFORE UPDATE ON {table} "
        f"WHEN {unlocked} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_append_only_delete BEFORE DELETE ON {table} "
        f"WHEN {delete_when} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    ]


_PG_UNLOCKED = f"coalesce(current_setting('{UNLOCK_SETTING}', true), '') = 'on'"


def _postgresql_sql(table: str, delete_allowed: str | None) -> list[str]:
    allowed = "false" if delete_allowed is None else delete_allowed
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {_PG_UNLOCKED} THEN
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END IF;
            IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND ({allowed}) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '% is append-only (%)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$""",
        f"DROP TRIGGER IF EXISTS {table}_append_only_rows ON {table}",
        f"CREATE TRIGGER {table}_append_only_rows BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_append_only_truncate ON {table}",
        f"CREATE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
    ]


def trigger_sql(vendor: str) -> list[str]:
    """Every statement that (re)creates the triggers on ``vendor``; idempotent."""
    statements: list[str] = []
    for table, delete_allowed in APPEND_ONLY_TABLES.items():
        if vendor == "postgresql":
            statements += _postgresql_sql(table, delete_allowed)
        elif vendor == "sqlite":
            statements += _sqlite_sql(table, delete_allowed)
    return statements


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers of every append-only table that exists on ``connection``."""
    existing = set(connection.introspection.table_names())
    if not set(APPEND_ONLY_TABLES) <= existing:
        return  # an earlier migration state: the migration that adds the last table installs them
    with connection.cursor() as cursor:
        for statement in trigger_sql(connection.vendor):
            cursor.execute(statement)


@receiver(post_migrate)
def _reinstall_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    if getattr(sender, "label", None) == "privacy":  # once per migrate, after the last app's tables exist
        install_triggers(connections[using])

"""Triggers refusing UPDATE and DELETE on the audit tables (see partycell.privacy.append_only)."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from partycell.privacy.append_only import install_triggers

    install_triggers(schema_editor.connection)


def uninstall(apps: Any, schema_editor: Any) -> None:
    from partycell.privacy.append_only import APPEND_ONLY_TABLES

    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            if vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_delete")
            elif vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_rows ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_truncate ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_access_log"),
        ("people", "0004_person_anonymised_at"),
        ("workflows", "0009_transition_deciding_unit"),  # its backfill updates audit rows: before the triggers
        ("targets", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]

"""pytest plugin for mutation runs only: build the SQLite test database once, copy it for every mutant.

mutmut runs pytest afresh for each mutant, in a process forked from its main one, and
pytest-django would migrate a new in-memory test database each time (about a second, as long as
the tests of a typical mutant). The first session in the main process migrates as usual and keeps
a serialized copy; every later session, in that process or a fork of it, restores the copy into its
new in-memory database instead. Loaded with ``-p tests.mutation.fastdb`` from ``[tool.mutmut]``
``pytest_add_cli_args``; the suite never loads it. Any other database (PostgreSQL through
``DATABASE_URL``, a serialized rollback) takes Django's normal path.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import django.test.utils

_migrate_and_setup = django.test.utils.setup_databases
_template: bytes | None = None


def _in_memory_sqlite(connection: Any) -> bool:
    return connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()
    )


def setup_databases(*args: Any, **kwargs: Any) -> list:
    """``django.test.utils.setup_databases``, with the migrated database copied instead of rebuilt."""
    global _template
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    aliases = kwargs.get("aliases") or {"default"}
    simple = set(aliases) == {"default"} and not kwargs.get("serialized_aliases") and _in_memory_sqlite(connection)
    if not simple or _template is None:
        old_config = _migrate_and_setup(*args, **kwargs)
        if simple:
            _template = connection.connection.serialize()
        return old_config
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    settings.DATABASES["default"]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(":memory:")
    try:
        source.deserialize(_template)
        source.backup(connection.connection)
    finally:
        source.close()
    return [(connection, old_name, True)]


django.test.utils.setup_databases = setup_databases

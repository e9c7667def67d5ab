"""``manage.py flush``, which empties every table, through the audit trail's one way through.

Django's flush deletes (SQLite) or truncates (PostgreSQL) every table, the append-only ones too, and
the test suite flushes after each transactional test. See ``partycell.privacy.append_only``.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from partycell.privacy.append_only import audit_unlocked


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with audit_unlocked(connections[options.get("database") or DEFAULT_DB_ALIAS]):
            super().handle(**options)

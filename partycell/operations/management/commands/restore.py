"""``manage.py restore BACKUP [--database-url URL] [--media-root DIR]``: a backup into an empty database.

Without options it restores into DATABASE_URL and MEDIA_ROOT, which must both be empty: create a new
database (``createdb partycell_restored``) and point at it. Every checksum is verified; the database
is loaded in one transaction, so a failed restore leaves it empty. See docs/operations.md.
"""

from pathlib import Path

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from partycell.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and an empty media directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument("--database-url", default="", help="default: DATABASE_URL")
        parser.add_argument("--media-root", type=Path, default=None, help="default: MEDIA_ROOT")

    def handle(
        self, *args: object, backup: Path, database_url: str, media_root: Path | None, **options: object
    ) -> None:
        database = environ.Env.db_url_config(database_url) if database_url else connection.settings_dict
        try:
            manifest = backup_restore(
                backup=backup, database=database, media_root=media_root or Path(settings.MEDIA_ROOT)
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {backup.name}: {len(manifest['tables'])} tables, {len(manifest['media'])} uploaded files."
        )

"""``manage.py backup [--dir DIR] [--keep N]``: a consistent pg_dump and the uploads, then rotation.

Defaults from BACKUP_DIR and BACKUP_KEEP (deploy/env.example). Run nightly by
deploy/systemd/partycell-backup.timer. See partycell/operations/backup.py and docs/operations.md.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partycell.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the uploaded scans into BACKUP_DIR, keeping the newest BACKUP_KEEP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=Path(settings.BACKUP_DIR))
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP)

    def handle(self, *args: object, dir: Path, keep: int, **options: object) -> None:
        try:
            path = backup_create(directory=dir, media_root=Path(settings.MEDIA_ROOT), keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written: {path}")

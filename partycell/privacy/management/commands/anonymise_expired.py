"""``manage.py anonymise_expired [--dry-run]``: anonymise people never admitted whose retention ended."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partycell.privacy.retention import anonymise_expired, retention_years


class Command(BaseCommand):
    help = "Anonymise people never admitted whose last candidacy closed more than PRIVACY_RETENTION_YEARS ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List the ids only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = anonymise_expired(dry_run=options["dry_run"])
        verb = "would be anonymised" if options["dry_run"] else "anonymised"
        self.stdout.write(f"{len(ids)} people {verb} (retention {retention_years()} years): {ids}")

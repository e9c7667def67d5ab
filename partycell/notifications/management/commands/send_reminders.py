"""``manage.py send_reminders``: the same scan the beat job runs, plus the digests, without Redis.

Safe to run as often as you like (from cron, ``make run``, or by hand): notices are recorded once.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partycell.notifications.delivery import notifications_send_digests
from partycell.notifications.reminders import reminders_run


class Command(BaseCommand):
    help = "Record the reminders due today, e-mail immediate ones and send the daily digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Scan as of this date (YYYY-MM-DD) instead of today.")
        parser.add_argument("--no-digests", action="store_true", help="Record and send immediate notices only.")

    def handle(self, *args: Any, date: str | None = None, no_digests: bool = False, **options: Any) -> None:
        try:
            on = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        created = reminders_run(on=on)
        digests = 0 if no_digests else notifications_send_digests()
        self.stdout.write(f"{on:%Y-%m-%d}: {created} new notices, {digests} digests sent.")

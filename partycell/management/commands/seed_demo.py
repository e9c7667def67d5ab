"""``manage.py seed_demo``: the small demo (idempotent), or ``--scale N`` synthetic candidacies."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from partycell.demo.small import DEMO_PASSWORD, DemoLogin, seed_small_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent), or generate N synthetic candidacies with --scale N."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=0, help="Generate this many synthetic candidacies.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed for --scale (deterministic).")
        parser.add_argument("--province", default="Hà Nội", help="Province whose real communes --scale uses.")
        parser.add_argument("--cells-per-commune", type=int, default=25)
        parser.add_argument(
            "--national", action="store_true",
            help="With --scale: a national root over the 34 provinces (and a membership roll) instead of one province.",
        )  # fmt: skip
        parser.add_argument("--communes-per-province", type=int, default=None,
                            help="With --scale: only the first N real communes of each province.")  # fmt: skip
        parser.add_argument(
            "--roll", type=float, default=None,
            help="With --scale: members on the roll per candidacy (default 5.5 with --national, else 0).",
        )  # fmt: skip
        parser.add_argument(
            "--send-reminders", action="store_true",
            help="After loading, run send_reminders (notices and e-mails due today), then print the log-ins.",
        )  # fmt: skip

    def handle(
        self, *args: Any, scale: int, seed: int, province: str, cells_per_commune: int, send_reminders: bool,
        national: bool = False, communes_per_province: int | None = None, roll: float | None = None, **options: Any,
    ) -> None:  # fmt: skip
        if scale:
            from partycell.demo.scale import seed_scale

            report = seed_scale(candidacies=scale, seed=seed, province_name=province,
                                cells_per_commune=cells_per_commune, national=national,
                                communes_per_province=communes_per_province, roll=roll)  # fmt: skip
            self.stdout.write(self.style.SUCCESS(str(report)))
            return
        logins = seed_small_demo()
        if send_reminders:
            # Before the log-ins, so that they are the last thing printed before the server starts.
            call_command("send_reminders", stdout=self.stdout, stderr=self.stderr)
            if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
                self.stdout.write(f"E-mails are written to files in {getattr(settings, 'EMAIL_FILE_PATH', '')}/")
        if options["verbosity"] > 0:
            self._print_logins(logins)

    def _print_logins(self, logins: list[DemoLogin]) -> None:
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {site}/ with:"))
        for login in logins:
            self.stdout.write(f"  {login.username:<15} / {DEMO_PASSWORD}   {login.role} · {login.unit}")

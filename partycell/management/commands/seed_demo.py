"""``manage.py seed_demo``: the small demo (idempotent), or ``--scale N`` synthetic candidacies."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partycell.demo.small import DEMO_PASSWORD, seed_small_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent), or generate N synthetic candidacies with --scale N."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=0, help="Generate this many synthetic candidacies.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed for --scale (deterministic).")
        parser.add_argument("--province", default="Hà Nội", help="Province whose real communes --scale uses.")
        parser.add_argument("--cells-per-commune", type=int, default=25)

    def handle(self, *args: Any, scale: int, seed: int, province: str, cells_per_commune: int, **options: Any) -> None:
        if scale:
            from partycell.demo.scale import seed_scale

            report = seed_scale(candidacies=scale, seed=seed, province_name=province,
                                cells_per_commune=cells_per_commune)
            self.stdout.write(self.style.SUCCESS(str(report)))
            return
        logins = seed_small_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/ with:"))
        for login in logins:
            self.stdout.write(f"  {login.username:<15} / {DEMO_PASSWORD}   {login.role} · {login.unit}")

"""``manage.py paperwork_templates``: (re)write the built-in .docx templates from ``paperwork.specs``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partycell.paperwork.layout import BUILT_IN_DIRECTORY, build_all


class Command(BaseCommand):
    help = "Write the built-in KNĐ form templates (.docx) in the Party's document format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=BUILT_IN_DIRECTORY)

    def handle(self, *args: Any, **options: Any) -> None:
        for path in build_all(options["directory"]):
            self.stdout.write(str(path))

"""Refresh the Vietnamese catalogue and fill it from the reviewed translation files.

Translations are written as JSON objects (English msgid → Vietnamese msgstr) in
``locale/vi/translations/*.json``, one file per area of the product. ``django.po`` is generated
from the code and these files: when two branches both change the catalogue, take either side's
``django.po`` and run this command again, instead of merging the catalogue by hand.

    manage.py translate            # makemessages, fill from every JSON file, compilemessages
    manage.py translate --check    # exit 1 if any msgid is untranslated or fuzzy
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

IGNORE = [".venv", "mutants", "test-artifacts", "node_modules"]


class Command(BaseCommand):
    help = "makemessages -l vi, fill from locale/vi/translations/*.json, compilemessages."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--check", action="store_true", help="Only report untranslated or fuzzy entries.")

    def handle(self, *args: object, **options: object) -> None:
        import polib  # type: ignore[import-untyped]  # a dev tool; polib ships no stubs

        locale_dir = Path(settings.BASE_DIR) / "locale" / "vi"
        po_path = locale_dir / "LC_MESSAGES" / "django.po"
        if not options["check"]:
            call_command("makemessages", locale=["vi"], ignore_patterns=IGNORE, verbosity=0)
        po = polib.pofile(str(po_path))
        known: dict[str, str] = {}
        for path in sorted((locale_dir / "translations").glob("*.json")):
            known.update(json.loads(path.read_text(encoding="utf-8")))
        filled = 0
        for entry in po:
            if entry.obsolete:
                continue
            wanted = known.get(entry.msgid)
            if wanted and (not entry.msgstr or "fuzzy" in entry.flags) and not entry.msgid_plural:
                entry.msgstr = wanted
                filled += 1
            if wanted and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        if options["check"]:
            for msgid in missing:
                self.stdout.write(msgid)
            if missing:
                raise CommandError(f"{len(missing)} untranslated or fuzzy entries")
            return
        po.save(str(po_path))
        call_command("compilemessages", locale=["vi"], ignore_patterns=IGNORE, verbosity=0)
        self.stdout.write(f"filled {filled}; still untranslated or fuzzy: {len(missing)}")
        for msgid in missing:
            self.stdout.write(f"  {msgid!r}")

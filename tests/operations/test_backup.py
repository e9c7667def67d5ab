"""manage.py backup / restore: back up, wipe, restore into a fresh database, compare everything."""

import shutil
import uuid
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from partycell.operations.backup import media_checksums, table_row_counts
from tests.factories import CandidacyFactory, DocumentFactory, PersonFactory
from tests.files import jpeg_bytes, pdf_bytes, upload

needs_pg_dump = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump and pg_restore")


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("backups are pg_dump archives: the tests need the PostgreSQL test database")


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def fresh_database():
    """An empty database next to the test database, dropped afterwards."""
    _postgres_only()
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"[:63]
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts_in(name: str, tables) -> dict[str, int]:
    with psycopg.connect(_url(name)) as conn:
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


@pytest.fixture
def uploads(settings, tmp_path, tree):
    settings.MEDIA_ROOT = tmp_path / "media"
    scans = [
        ("don-xin-vao-dang.pdf", pdf_bytes()), ("lý-lịch.pdf", pdf_bytes(size=30_000)), ("nhận xét.jpg", jpeg_bytes())
    ]  # fmt: skip
    for name, data in scans:
        candidacy = CandidacyFactory(person=PersonFactory(unit=tree.cell_a), cell=tree.cell_a)
        DocumentFactory(candidacy=candidacy, file=upload(name, data))
    return settings.MEDIA_ROOT


@needs_pg_dump
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_every_row_and_every_upload(uploads, fresh_database, tmp_path):
    _postgres_only()
    rows_before = table_row_counts()
    files_before = media_checksums(uploads)
    backups = tmp_path / "backups"

    call_command("backup", "--dir", str(backups), "--keep", "2")
    call_command("backup", "--dir", str(backups), "--keep", "2")
    call_command("backup", "--dir", str(backups), "--keep", "2")
    kept = sorted(path.name for path in backups.iterdir())
    shutil.rmtree(uploads)  # the uploads are gone, and the restore goes to another database
    latest = str(backups / kept[-1])
    call_command("restore", latest, "--database-url", _url(fresh_database), "--media-root", str(uploads))

    assert len(kept) == 2 and all(name.startswith("partycell-") for name in kept)  # rotation kept the newest two
    assert rows_before["workflows_document"] == 3 and len(rows_before) > 30
    assert _counts_in(fresh_database, rows_before) == rows_before
    assert len(files_before) == 3
    assert media_checksums(Path(uploads)) == files_before


@needs_pg_dump
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_and_a_damaged_backup(uploads, tmp_path, fresh_database):
    _postgres_only()
    backups = tmp_path / "backups"
    call_command("backup", "--dir", str(backups), "--keep", "1")
    backup = next(backups.iterdir())

    with pytest.raises(CommandError, match="is not empty; restore into a freshly created database"):
        call_command("restore", str(backup), "--media-root", str(tmp_path / "empty"))
    with (backup / "database.dump").open("r+b") as dump:
        dump.seek(100)
        dump.write(b"\x00damage")
    with pytest.raises(CommandError, match="is damaged"):
        call_command(
            "restore", str(backup), "--database-url", _url(fresh_database), "--media-root", str(tmp_path / "m")
        )
    assert _counts_in(fresh_database, []) == {}


def test_backup_explains_that_it_needs_postgresql(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with (
        mock.patch.dict(connection.settings_dict, sqlite),
        pytest.raises(CommandError, match="Backups need PostgreSQL"),
    ):
        call_command("backup", "--dir", str(tmp_path))

    assert not list(tmp_path.glob("partycell-*"))

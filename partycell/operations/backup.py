"""Backups and restores: a consistent ``pg_dump`` of the database plus the uploaded scans, rotated.

A backup is one directory ``BACKUP_DIR/partycell-<UTC time>/`` holding

- ``database.dump``: ``pg_dump --format=custom``, which reads the whole database in one
  repeatable-read transaction, so the dump is consistent while PartyCell keeps running;
- ``media.tar.gz``: every file under ``MEDIA_ROOT``, archived after the dump (a scan uploaded in
  between is in the archive without its row, which is harmless; scans are never edited in place);
- ``manifest.json``: when, which database, the row count of every table at dump time, the sha256 of
  the dump, of the archive and of every uploaded file.

It is written under a hidden name and renamed when complete, so a half-written backup is never
taken for a good one; then all but the newest ``keep`` backups are deleted.

``backup_restore`` checks the sha256s, loads the dump into an *empty* database with ``pg_restore
--single-transaction --exit-on-error`` (all or nothing) and unpacks the uploads into an empty media
directory, checking every file against the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

PREFIX = "partycell-"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _libpq_env(database: dict[str, Any]) -> dict[str, str]:
    """pg_dump/pg_restore/psql read the connection from PG* variables: no password on a command line."""
    if not database["ENGINE"].endswith("postgresql"):
        raise BackupError("Backups need PostgreSQL (DATABASE_URL=postgres://...); this database is not.")
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (the PostgreSQL client programs are needed).")
    result = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _tables_in(env: dict[str, str]) -> int:
    """How many tables the target database already holds (psql, with the PG* variables of ``env``)."""
    psql = shutil.which("psql")
    if psql is None:
        raise BackupError("psql is not installed (the PostgreSQL client programs are needed).")
    sql = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [psql, "--no-psqlrc", "--tuples-only", "--no-align", "--command", sql],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"psql failed: {result.stderr.strip()}")
    return int(result.stdout.strip() or 0)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_checksums(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by path relative to it."""
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


def table_row_counts(using_connection: Any = None) -> dict[str, int]:
    """Rows in every table of the database (Django's and PartyCell's), exactly."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        tables = conn.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def backup_create(*, directory: Path, media_root: Path, keep: int) -> Path:
    """Write one complete backup into ``directory``, then delete all but the newest ``keep``."""
    if keep < 1:
        raise BackupError("keep must be 1 or more.")
    database = connection.settings_dict
    env = _libpq_env(database)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%fZ")
    final = directory / f"{PREFIX}{stamp}"
    partial = directory / f".{PREFIX}{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        counts = table_row_counts()
        dump = partial / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)], env=env)
        archive = partial / "media.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            if media_root.exists():
                tar.add(media_root, arcname=".")
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database": database["NAME"],
            "tables": counts,
            "database_dump_sha256": _sha256(dump),
            "media_archive_sha256": _sha256(archive),
            "media": media_checksums(media_root),
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    backups_rotate(directory=directory, keep=keep)
    return final


def backups_list(directory: Path) -> list[Path]:
    """Complete backups in ``directory``, oldest first."""
    if not directory.exists():
        return []
    return sorted(path for path in directory.iterdir() if path.is_dir() and path.name.startswith(PREFIX))


def backups_rotate(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` complete backups; return the deleted ones."""
    doomed = backups_list(directory)[:-keep]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def backup_restore(*, backup: Path, database: dict[str, Any], media_root: Path) -> dict[str, Any]:
    """Load ``backup`` into the empty ``database`` and the empty ``media_root``; return its manifest."""
    manifest_path = backup / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{backup} is not a PartyCell backup (no manifest.json).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    dump, archive = backup / "database.dump", backup / "media.tar.gz"
    if _sha256(dump) != manifest["database_dump_sha256"] or _sha256(archive) != manifest["media_archive_sha256"]:
        raise BackupError(f"{backup} is damaged: a file's sha256 differs from its manifest.")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty; restore uploads into an empty directory.")
    env = _libpq_env(database)
    if _tables_in(env):
        raise BackupError(f"Database {database['NAME']} is not empty; restore into a freshly created database.")
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         "--dbname", database["NAME"], str(dump)],
        env=env,
    )  # fmt: skip
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(media_root, filter="data")
    restored = media_checksums(media_root)
    if restored != manifest["media"]:
        raise BackupError("The restored uploads differ from the manifest.")
    return manifest


def backup_age(directory: Path) -> datetime.timedelta | None:
    """How old the newest complete backup is (None without any)."""
    backups = backups_list(directory)
    if not backups:
        return None
    created = json.loads((backups[-1] / "manifest.json").read_text(encoding="utf-8"))["created_at"]
    return timezone.now() - datetime.datetime.fromisoformat(created)

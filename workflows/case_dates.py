"""The dates the stale-document reminders need, stored on the case (``Candidacy.newest_documents``,
``file_opened_on``, ``class_done_on``).

- ``newest_documents``: for each form code on file, the issue date of the newest copy (ISO text), keyed by
  ``document_key(code)`` (the code's UTF-8 bytes in hex: SQLite's JSON paths do not match a key such as
  "3-KNĐ" the same way on every version, and the SQL reads these keys);
- ``file_opened_on``: the latest event date of an audit row entering ``file_open``;
- ``class_done_on``: the same for ``class_done``.

They are what ``partycell.notifications.reminders`` used to recompute per case with correlated
subqueries. The transition services keep them in memory as they file a document or write an audit
row (``note_document``, ``note_entry``) and write them with the step's one UPDATE; writers that work
in bulk or remove rows (imports, corrections and reversals, the demo seeder, the data migration) call
``refresh``, one set-based UPDATE recomputing them from the documents and the trail.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection

from workflows.enums import Stage

if TYPE_CHECKING:
    from workflows.models import Candidacy

# The audit-trail stages whose entry date the reminders read, and the field holding it.
ENTRY_FIELDS: dict[str, str] = {Stage.FILE_OPEN.value: "file_opened_on", Stage.CLASS_DONE.value: "class_done_on"}
CHUNK = 500


def document_key(form_code: str) -> str:
    """The key of ``form_code`` in ``Candidacy.newest_documents``."""
    return form_code.encode().hex()


def note_document(candidacy: Candidacy, *, form_code: str, issued_on: datetime.date | None) -> None:
    """A document of ``form_code`` issued on ``issued_on`` was filed: remember it if it is the newest."""
    if issued_on is None:
        return
    newest = dict(candidacy.newest_documents or {})
    key = document_key(form_code)
    known = newest.get(key)
    if known is None or known < issued_on.isoformat():
        newest[key] = issued_on.isoformat()
        candidacy.newest_documents = newest  # a new dict: the service's UPDATE sees the change


def note_entry(candidacy: Candidacy, *, to_stage: str, event_date: datetime.date) -> None:
    """An audit row entering ``to_stage`` on ``event_date`` was written: remember the latest such date."""
    field = ENTRY_FIELDS.get(str(to_stage))
    if field is None:
        return
    known = getattr(candidacy, field)
    if known is None or known < event_date:
        setattr(candidacy, field, event_date)


# Constant SQL (no value from outside): the newest issue date per form, keyed by ``document_key``.
_NEWEST_DOCUMENTS = {
    "postgresql": "COALESCE((SELECT jsonb_object_agg(encode(convert_to(newest.form_code, 'UTF8'), 'hex'), "
    "newest.issued_on::text) FROM (SELECT d.form_code, MAX(d.issued_on) AS issued_on FROM workflows_document d "
    "WHERE d.candidacy_id = workflows_candidacy.id GROUP BY d.form_code) AS newest), '{}'::jsonb)",
    "sqlite": "COALESCE((SELECT json_group_object(lower(hex(newest.form_code)), newest.issued_on) "
    "FROM (SELECT d.form_code, MAX(d.issued_on) AS issued_on FROM workflows_document d "
    "WHERE d.candidacy_id = workflows_candidacy.id GROUP BY d.form_code) AS newest), '{}')",
}
_ENTERED = (
    "(SELECT MAX(t.event_date) FROM workflows_transitionlog t "
    "WHERE t.candidacy_id = workflows_candidacy.id AND t.to_stage = %s)"
)


def refresh(candidacy_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored dates of these cases (all when None) from their documents and trail, one
    UPDATE per 500 cases; returns the number of cases. Does not touch ``updated_at``."""
    sql = (
        f"UPDATE workflows_candidacy SET newest_documents = {_NEWEST_DOCUMENTS[connection.vendor]}, "  # noqa: S608 - constant SQL
        f"file_opened_on = {_ENTERED}, class_done_on = {_ENTERED}"
    )
    stages = [Stage.FILE_OPEN.value, Stage.CLASS_DONE.value]
    with connection.cursor() as cursor:
        if candidacy_ids is None:
            cursor.execute(sql, stages)
            return cursor.rowcount
        ids = list(dict.fromkeys(candidacy_ids))
        done = 0
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(f"{sql} WHERE id IN ({', '.join(['%s'] * len(chunk))})", [*stages, *chunk])
            done += cursor.rowcount
        return done


FIELDS = ("newest_documents", "file_opened_on", "class_done_on")


def refresh_case(candidacy: Candidacy) -> None:
    """``refresh`` one case after its documents or trail changed other than by filing (a correction, a
    reversal), and read the dates back into this copy."""
    refresh([candidacy.pk])
    candidacy.refresh_from_db(fields=FIELDS)

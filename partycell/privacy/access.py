"""``log_access``: the one way anything records that a user saw or downloaded someone's record.

Detail pages, API detail, exports, documents and dossiers pass the ids of each person shown; list
pages pass no ids but the search or filter (``query``), so a list of 5,000 rows is one small row.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from partycell.privacy.models import AccessLogEntry, AccessLogPerson

_MAX_QUERY = 500


def _client_address(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR as the proxy layer has set it (the deployment's proxy count decides what it holds).
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    return address


def _query_of(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("QUERY_STRING", "").replace("\x00", "")[:_MAX_QUERY]


def log_access(
    *,
    user: Any,
    person_ids: Iterable[int],
    what: str,
    request: HttpRequest | None = None,
    query: str | None = None,
) -> AccessLogEntry:
    """Record that ``user`` was shown ``person_ids`` by ``what`` (e.g. ``"person page"``, ``"people export"``).

    ``query`` defaults to the request's query string (a list page's search and filters). Returns the
    entry; two queries whatever the number of people (one insert of the entry, one bulk insert).
    """
    ids = sorted({int(person_id) for person_id in person_ids})
    entry = AccessLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        what=what[:100],
        query=(query if query is not None else _query_of(request)).replace("\x00", "")[:_MAX_QUERY],
        path=(request.path if request is not None else "")[:500],
        client_address=_client_address(request),
        person_count=len(ids),
    )
    if ids:
        AccessLogPerson.objects.bulk_create([AccessLogPerson(entry=entry, person_id=pk) for pk in ids])
    return entry

"""Read-replica routing: the dashboards read from a replica, everything else from the primary.

A router that sent every read to a replica would show a user a page without the step they have just
recorded (replication lags). So reads go to ``settings.READ_REPLICA_ALIAS`` only inside
``replica_reads`` (a context manager and a view decorator), which wraps the read-only, heavy pages:
the target dashboards, the compliance audit and their exports. Writes always go to ``default``.
With no replica configured (``READ_REPLICA_ALIAS = None``) everything reads ``default``.
"""

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reading_replica", default=False)

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def replica_reading() -> Iterator[None]:
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def replica_reads(view: F) -> F:
    """Decorate a read-only view so its queries read the replica."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reading():
            return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]  # same signature as ``view``


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        alias = settings.READ_REPLICA_ALIAS
        if alias and _reading_replica.get():
            return alias
        return "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # one database, copied: objects from either side may be related

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"  # the replica is a copy; it is never migrated itself

"""Log lines carry the request id; ``LOG_FORMAT=json`` turns them into one JSON object per line.

``RequestIdFilter`` (on the console handler) sets ``record.request_id`` from a context variable
that ``RequestIdMiddleware`` sets for the duration of a request ("-" outside one: Celery tasks,
commands). ``JsonFormatter`` is python-json-logger's, with the standard fields renamed for log
shippers (``time``, ``level``, ``logger``, ``message``).
"""

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True

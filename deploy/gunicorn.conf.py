"""gunicorn settings for PartyCell (``gunicorn partycell.wsgi --config deploy/gunicorn.conf.py``).

Every value can be overridden by the environment: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT.
Access lines come from Django (one per request, with its request id), so gunicorn's own access log
is off; errors go to standard error like every other log line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one, the gunicorn rule; pages are mostly database-bound.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart a worker after this many requests (a slow leak never grows without bound).
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

"""Two middlewares, first in ``MIDDLEWARE``: health answers and a request id on every request.

``HealthCheckMiddleware`` answers ``/healthz`` (every check) and ``/healthz/ready`` (the database
only: the readiness a load balancer wants, since pages work without Redis) before any other
middleware, so a probe by IP address is neither refused by ``ALLOWED_HOSTS`` nor redirected to
HTTPS, and needs no log-in. It answers JSON, 200 when ``ok`` and 503 when anything fails.

``RequestIdMiddleware`` takes the proxy's ``X-Request-ID`` (nginx sets ``$request_id``) when it is
a plain token, else makes one; every log line of the request carries it (``request_id``, see
``partycell.operations.logs``), the response returns it, and one line per request logs method,
path, status and duration.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from partycell.operations.health import health_report
from partycell.operations.logs import request_id_var

logger = logging.getLogger("partycell.request")

HEALTH_PATHS = {"/healthz": False, "/healthz/": False, "/healthz/ready": True, "/healthz/ready/": True}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        only_database = HEALTH_PATHS.get(request.path_info)
        if only_database is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"status": "fail", "error": "method not allowed"}, status=405)
        report = health_report(only_database=only_database)
        response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
        response["Cache-Control"] = "no-store"
        return response


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # read by views and error pages
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            request_id_var.reset(token)

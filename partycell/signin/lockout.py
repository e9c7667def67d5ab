"""What a locked-out client sees: a translated page (web and admin) or JSON (the API), status 429."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    return _(
        "Too many wrong passwords: signing in is locked for %(minutes)d minutes. "
        "Wait, then try again, or ask an administrator to unlock your account."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the page a locked-out web or admin log-in answers with."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    context = {"message": lockout_message(), "title": _("Signing in is locked")}
    return render(request, "signin/locked_out.html", context, status=429)

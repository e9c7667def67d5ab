"""Session lifetimes: signed out after ``SESSION_IDLE_TIMEOUT`` without activity, and in any case
``SESSION_COOKIE_AGE`` after signing in (the absolute lifetime; the cookie expires then too).

The notification bell's background refresh is not activity: an open tab alone keeps nobody signed in.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

STARTED = "signin_started"
SEEN = "signin_seen"
# Requests a page makes by itself, which do not count as activity.
BACKGROUND_VIEWS = frozenset({"notifications:bell"})
# "Last seen" is written at most this often (seconds), so most requests do not save the session.
SEEN_PRECISION = 60


def session_start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


def session_ended_reason(request: HttpRequest, now: int) -> str:
    """Why this signed-in session is over, or ``""`` while it lasts."""
    started, seen = request.session.get(STARTED), request.session.get(SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        return ""
    if now - started > settings.SESSION_COOKIE_AGE:
        hours = settings.SESSION_COOKIE_AGE // 3600
        return _("You were signed out %(hours)d hours after signing in. Sign in again.") % {"hours": hours}
    if now - seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
        return _("You were signed out after %(minutes)d minutes without activity. Sign in again.") % {
            "minutes": minutes
        }
    return ""


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        if STARTED not in request.session:  # a session from before this middleware
            session_start(request)
            return None
        reason = session_ended_reason(request, now)
        if reason:
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason}, status=401)
            messages.info(request, reason)
            login = redirect_to_login(request.get_full_path())
            if request.headers.get("HX-Request"):
                return HttpResponseClientRedirect(login.url)
            return login
        match = request.resolver_match
        background = match is not None and match.view_name in BACKGROUND_VIEWS
        if not background and now - int(request.session[SEEN]) >= SEEN_PRECISION:
            request.session[SEEN] = now
        return None

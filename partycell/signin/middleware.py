"""After the password, before anything else: the second factor (verify a code, or enrol first)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.signin import services

# Views a signed-in user reaches before the second factor: to give the code, to set one up, to leave.
OPEN_VIEWS = frozenset({"login", "logout", "admin:login", "admin:logout", "set_language", "signin:verify",
                        "signin:setup"})  # fmt: skip


class SecondFactorMiddleware:
    """A session whose user still owes a code (or must first enrol an authenticator) reaches only the
    code and set-up pages: other pages redirect there, the API and htmx requests answer 403.

    What is owed was decided at log-in and is kept in the session (``services.SESSION_KEY``), so pages
    cost no query; a session from before this middleware is judged once on its next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        user = request.user
        if not isinstance(user, User) or user.is_verified():  # type: ignore[attr-defined]  # set by django-otp
            return None
        if services.SESSION_KEY not in request.session:
            services.second_factor_state_store(request, user)
        owed = request.session[services.SESSION_KEY]
        match = request.resolver_match
        if not owed or (match is not None and match.view_name in OPEN_VIEWS):
            return None
        if owed == services.ENROL and match is not None and match.view_name == "signin:verify":
            return None
        message = (
            _("Type the code from your authenticator app first.")
            if owed == services.VERIFY
            else _("Your role requires a second factor: set up an authenticator app first.")
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        if request.headers.get("HX-Request"):
            return HttpResponse(message, status=403)
        target = "signin:verify" if owed == services.VERIFY else "signin:setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class ResolvedUserMiddleware(MiddlewareMixin):
    """Before the view runs, ``request.user`` becomes the user it stands for instead of the lazy
    wrappers Django's authentication and django-otp put there (one inside the other).

    Every attribute read through a lazy wrapper costs a failed lookup and a call; the gate reads the
    user thousands of times on the to-do page. By this point the user has been loaded anyway (the
    session-lifetime and second-factor checks read it), so nothing is loaded that was not already.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        user: Any = request.user
        while isinstance(user, LazyObject):
            user.is_authenticated  # noqa: B018 - loads what the wrapper stands for
            user = user._wrapped
        request.user = user

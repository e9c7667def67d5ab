"""At log-in: decide once what the session owes (a code, an authenticator, nothing); start its clocks."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from partycell.accounts.models import User
from partycell.signin import services
from partycell.signin.sessions import session_start


@receiver(user_logged_in)
def _second_factor_owed(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        services.second_factor_state_store(request, user)
        session_start(request)

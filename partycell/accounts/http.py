"""Request types, for annotations only: Django never builds these classes, it only fills the attributes."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request

from partycell.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """Any request: ``HtmxMiddleware`` (in ``MIDDLEWARE``) sets ``request.htmx`` on all of them."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request a view behind ``login_required`` receives: ``user`` is a signed-in ``User``.

    Without it ``request.user`` is ``User | AnonymousUser``, which the scope selectors (typed ``User``)
    rightly refuse.
    """

    user: User


class AuthenticatedRequest(Request):
    """The request an API view behind DRF's ``IsAuthenticated`` handles: ``user`` is a signed-in ``User``."""

    user: User

"""Who may write through the API. Reading is scoped by the selectors in every view's queryset."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.selectors import user_edits_anything, user_may_edit_unit


def _unit_of(obj: Any) -> Unit:
    """The unit that owns ``obj``: a person's record unit or a candidacy's cell."""
    return getattr(obj, "cell", None) or obj.unit


class EditingScopeOrReadOnly(BasePermission):
    """Writes need an editing role (auditors read only) over the object's unit.

    The object is already known to be visible (the queryset is scoped), so refusing it with 403
    reveals nothing.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        # An anonymous user edits nothing (the selectors would say so too).
        return isinstance(request.user, User) and user_edits_anything(request.user)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return isinstance(request.user, User) and user_may_edit_unit(request.user, _unit_of(obj))

"""Who may write through the API. Reading is scoped by the selectors in every view's queryset."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from partycell.selectors import user_edits_anything, user_may_edit_unit


def _unit_of(obj):
    """The unit that owns ``obj``: a person's record unit or a candidacy's cell."""
    return getattr(obj, "cell", None) or obj.unit


class EditingScopeOrReadOnly(BasePermission):
    """Writes need an editing role (auditors read only) over the object's unit.

    The object is already known to be visible (the queryset is scoped), so refusing it with 403
    reveals nothing.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return user_edits_anything(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return user_may_edit_unit(request.user, _unit_of(obj))

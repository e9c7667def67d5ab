"""Changes to the organisation tree. Each refuses bad input before touching a row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partycell.organisations.models import Unit


def unit_move(*, unit: Unit, new_parent: Unit) -> Unit:
    """Move ``unit`` (with its subtree) under ``new_parent``; a cycle is refused with nothing changed."""
    new_parent.refresh_from_db()
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            _("A party organisation cannot be placed under itself or one of its own sub-units."),
            code="unit_cycle",
        )
    with transaction.atomic():
        Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    return unit


def unit_delete_check(*, unit: Unit) -> None:
    """Raise ``ValidationError`` when ``unit`` or one of its sub-units still keeps people."""
    from partycell.people.models import Membership, Person

    subtree = Unit.objects.get_tree(unit)
    if Person.objects.filter(unit__in=subtree).exists() or Membership.objects.filter(cell__in=subtree).exists():
        raise ValidationError(
            _("This party organisation still has people on its records; move them first."),
            code="unit_not_empty",
        )


def unit_delete(*, unit: Unit) -> None:
    """Delete an empty unit with its empty sub-units; one that still keeps people is refused."""
    unit_delete_check(unit=unit)
    with transaction.atomic():
        unit.delete()

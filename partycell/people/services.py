"""Writes to people and the membership roll. Views, imports and the API all call these."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Person
from partycell.selectors import user_may_edit_unit

PERSON_FIELDS = (
    "full_name", "date_of_birth", "sex", "ethnic_group", "religion", "education_level", "qualification",
    "occupation", "sector", "workplace", "citizen_id", "residence", "phone", "email", "unit",
    "is_youth_union_member", "is_trade_union_member", "is_womens_union_member", "is_farmers_union_member",
    "is_veterans_association_member", "is_militia_or_reserve",
)  # fmt: skip


def _check_can_edit_unit(actor: User, unit: Unit) -> None:
    if not user_may_edit_unit(actor, unit):
        raise PermissionDenied(_("You may not change records of this party organisation."))


def _save_person(person: Person) -> Person:
    """Validate every field, then save; a duplicate CCCD never says whose it is."""
    person.fill_derived_fields()
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # a concurrent insert of the same CCCD
        raise ValidationError(
            {"citizen_id": [_("This citizen ID (CCCD) is already registered.")]}, code="unique"
        ) from error
    return person


def person_create(*, actor: User, data: dict[str, Any]) -> Person:
    """Register a person in a unit within the actor's editing scope."""
    person = Person(**{key: value for key, value in data.items() if key in PERSON_FIELDS})
    _check_can_edit_unit(actor, person.unit)
    return _save_person(person)


def person_update(*, actor: User, person: Person, data: dict[str, Any]) -> Person:
    """Change a person's record; moving them to another unit needs edit rights on both units."""
    _check_can_edit_unit(actor, person.unit)
    for key, value in data.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    _check_can_edit_unit(actor, person.unit)
    return _save_person(person)

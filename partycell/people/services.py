"""Writes to people and the membership roll. Views, imports and the API all call these."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Person, PersonChange
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


def _shown(person: Person, field: str) -> str:
    """A field's value as a person reads it (the label of a choice, the name of a unit, dd/mm/yyyy)."""
    value = getattr(person, field)
    if value is None or value == "":
        return ""
    display = getattr(person, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def person_update(*, actor: User, person: Person, data: dict[str, Any], reason: str) -> Person:
    """Correct a person's record, never silently: the changed fields (old and new values), who and why
    are kept in a ``PersonChange`` row, in the same transaction. A reason is required; a change of the
    citizen ID is flagged. Moving the person to another unit needs edit rights on both units.

    Nothing is written when nothing changes. Raises ``ValidationError`` (nothing saved) for a missing
    reason or a bad value, ``PermissionDenied`` outside the actor's editing scope.
    """
    _check_can_edit_unit(actor, person.unit)
    if not reason or not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the correction.")]}, code="required")
    before = {field: _shown(person, field) for field in PERSON_FIELDS}
    old_citizen_id = person.citizen_id
    for key, value in data.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    _check_can_edit_unit(actor, person.unit)
    person.fill_derived_fields()
    after = {field: _shown(person, field) for field in PERSON_FIELDS}
    changes = {field: [before[field], after[field]] for field in PERSON_FIELDS if before[field] != after[field]}
    if not changes:
        person.refresh_from_db()
        return person
    with transaction.atomic():
        _save_person(person)
        PersonChange.objects.create(
            person=person, changed_by=actor, reason=reason.strip(), changes=changes,
            citizen_id_changed=person.citizen_id != old_citizen_id,
        )  # fmt: skip
    return person

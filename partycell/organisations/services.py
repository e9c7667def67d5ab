"""Changes to the organisation tree. Each refuses bad input before touching a row, and each is
recorded as a dated ``OrganisationChange`` with the decision that made it (number, date, issuing
body), so the tree's history can be read back (``partycell.organisations.history``).

Changes are recorded in date order for each unit and never future-dated: record a reorganisation on
or after the day it takes effect. A merged unit is kept, inactive, under its successor, with its
remaining sub-units and its people moved to the successor.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partycell.organisations.models import OrganisationChange, SpecialSector, Unit, UnitKind
from partycell.people.vietnamese import normalise_text

if TYPE_CHECKING:
    from partycell.accounts.models import User

Change = OrganisationChange.Change

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Decision:
    """The decision that makes a change: its number as printed, its date and the body that issued it."""

    number: str
    date: datetime.date
    issuing_body: str


def _decision_errors(decision: Decision, effective_on: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not isinstance(decision.date, datetime.date) or not isinstance(effective_on, datetime.date):
        raise ValidationError(_("Give the decision date and the day the change takes effect."), code="no_date")
    if not normalise_text(decision.number or ""):
        errors["decision_number"] = [_("Give the number of the decision that makes this change.")]
    elif len(normalise_text(decision.number)) > 64:
        errors["decision_number"] = [_("A decision number has at most 64 characters.")]
    if not normalise_text(decision.issuing_body or ""):
        errors["issuing_body"] = [_("Give the body that issued the decision.")]
    elif len(normalise_text(decision.issuing_body)) > 255:
        errors["issuing_body"] = [_("The issuing body's name has at most 255 characters.")]
    if decision.date > today:
        errors["decision_date"] = [_("The decision date is in the future.")]
    if effective_on > today:
        errors["effective_on"] = [_("Record a change on or after the day it takes effect.")]
    elif effective_on < decision.date - datetime.timedelta(days=366 * 5):
        errors["effective_on"] = [_("The change takes effect long before its decision; check the dates.")]
    return errors


def _order_errors(unit: Unit, effective_on: datetime.date) -> dict[str, list[str]]:
    latest = OrganisationChange.objects.filter(unit=unit).order_by("-effective_on", "-id").first()
    if latest is not None and effective_on < latest.effective_on:
        when = date_format(latest.effective_on, "SHORT_DATE_FORMAT")
        return {"effective_on": [_("A later change of %(unit)s (in effect from %(date)s) is already recorded; "
                                   "record the changes of a unit in date order.") % {"unit": unit, "date": when}]}
    if latest is not None and latest.change in (Change.MERGE, Change.DISSOLVE):
        return {"unit": [_("%(unit)s was merged or dissolved; it changes no more.") % {"unit": unit}]}
    return {}


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _record(*, unit: Unit, change: str, decision: Decision, effective_on: datetime.date, actor: User | None,
            note: str = "", **fields: Any) -> OrganisationChange:  # fmt: skip
    return OrganisationChange.objects.create(
        unit=unit, change=change, effective_on=effective_on, decision_number=normalise_text(decision.number),
        decision_date=decision.date, issuing_body=normalise_text(decision.issuing_body), recorded_by=actor,
        note=note, **fields,
    )  # fmt: skip


def _clean_name(name: str) -> str:
    cleaned = normalise_text(name or "")
    if not cleaned:
        raise ValidationError({"name": [_("Give the unit's name.")]})
    if len(cleaned) > 255:
        raise ValidationError({"name": [_("A name has at most 255 characters.")]})
    return cleaned


def _refresh(*units: Unit) -> None:
    for unit in units:
        unit.refresh_from_db()  # treebeard reads paths and child counts from the row


def _move_node(unit: Unit, new_parent: Unit) -> None:
    _refresh(unit, new_parent)
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()


def _cycle_errors(unit: Unit, new_parent: Unit) -> dict[str, list[str]]:
    _refresh(unit, new_parent)
    if new_parent.path.startswith(unit.path):
        return {"new_parent": [_("A party organisation cannot be placed under itself or one of its own sub-units.")]}
    return {}


def unit_create(
    *,
    parent: Unit | None,
    kind: UnitKind,
    name: str,
    code: str,
    decision: Decision,
    effective_on: datetime.date,
    actor: User | None = None,
    special_sector: str = "",
    is_residential: bool = False,
    note: str = "",
) -> Unit:
    """Set up a unit under ``parent`` (a root when None), in effect from ``effective_on``."""
    errors = _decision_errors(decision, effective_on)
    name = _clean_name(name)
    code = normalise_text(code or "")
    if not code or len(code) > 64:
        errors["code"] = [_("Give a short unique code (at most 64 characters).")]
    elif Unit.objects.filter(code=code).exists():
        errors["code"] = [_("Another unit already has this code.")]
    if parent is not None and not parent.is_active:
        errors["parent"] = [_("%(unit)s was merged or dissolved; choose a unit in today's tree.") % {"unit": parent}]
    _refuse(errors)
    unit = Unit(name=name, kind=kind, code=code, special_sector=special_sector, is_residential=is_residential)
    with transaction.atomic():
        if parent is None:
            unit = Unit.objects.add_root(instance=unit)
        else:
            _refresh(parent)
            unit = Unit.objects.add_child(parent, instance=unit)
        _record(unit=unit, change=Change.CREATE, decision=decision, effective_on=effective_on, actor=actor, note=note,
                name_after=name, parent_after=parent, kind_after=kind)  # fmt: skip
    return unit


def unit_rename(*, unit: Unit, name: str, decision: Decision, effective_on: datetime.date,
                actor: User | None = None, note: str = "") -> Unit:  # fmt: skip
    """Rename ``unit`` from ``effective_on``; its earlier name stays readable on earlier dates."""
    errors = _decision_errors(decision, effective_on) | _order_errors(unit, effective_on)
    name = _clean_name(name)
    if name == unit.name:
        errors["name"] = [_("The unit already has this name.")]
    _refuse(errors)
    with transaction.atomic():
        _record(unit=unit, change=Change.RENAME, decision=decision, effective_on=effective_on, actor=actor, note=note,
                name_before=unit.name, name_after=name)  # fmt: skip
        unit.name = name
        unit.save(update_fields=["name"])
    return unit


def unit_move(*, unit: Unit, new_parent: Unit, decision: Decision, effective_on: datetime.date,
              kind: UnitKind | None = None, actor: User | None = None, note: str = "") -> Unit:  # fmt: skip
    """Place ``unit`` (with its subtree) under ``new_parent`` from ``effective_on``, changing its kind
    too when ``kind`` is given (a village cell becoming a grassroots cell under the new commune).
    A cycle is refused with nothing changed."""
    errors = _decision_errors(decision, effective_on) | _order_errors(unit, effective_on)
    errors |= _cycle_errors(unit, new_parent)
    if not new_parent.is_active:
        errors["new_parent"] = [_("%(unit)s was merged or dissolved; choose a unit in today's tree.")
                                % {"unit": new_parent}]  # fmt: skip
    parent = Unit.objects.get_parent(unit)
    if not errors and parent is not None and parent.pk == new_parent.pk and kind in (None, unit.kind):
        errors["new_parent"] = [_("%(unit)s is already there.") % {"unit": unit}]
    _refuse(errors)
    with transaction.atomic():
        kinds = {"kind_before": unit.kind, "kind_after": kind} if kind is not None and kind != unit.kind else {}
        _record(unit=unit, change=Change.MOVE, decision=decision, effective_on=effective_on, actor=actor, note=note,
                parent_before=parent, parent_after=new_parent, **kinds)  # fmt: skip
        if kinds:
            unit.kind = kind  # type: ignore[assignment]
            unit.save(update_fields=["kind"])
        if parent is None or parent.pk != new_parent.pk:
            _move_node(unit, new_parent)
    return unit


def unit_reclassify(*, unit: Unit, kind: UnitKind, decision: Decision, effective_on: datetime.date,
                    actor: User | None = None, note: str = "") -> Unit:  # fmt: skip
    """Change ``unit``'s kind from ``effective_on`` (a commune committee that becomes an
    upper-grassroots committee on 1 July 2025); decisions before it keep the earlier kind's path."""
    errors = _decision_errors(decision, effective_on) | _order_errors(unit, effective_on)
    if kind == unit.kind:
        errors["kind"] = [_("The unit is already of this kind.")]
    _refuse(errors)
    with transaction.atomic():
        _record(unit=unit, change=Change.RECLASSIFY, decision=decision, effective_on=effective_on, actor=actor,
                note=note, kind_before=unit.kind, kind_after=kind)  # fmt: skip
        unit.kind = kind
        unit.save(update_fields=["kind"])
    return unit


def _people_of(unit: Unit) -> tuple[Any, Any]:
    from partycell.people.models import Membership, MembershipStatus, Person

    return (Person.objects.filter(unit=unit),
            Membership.objects.filter(cell=unit).exclude(status=MembershipStatus.REMOVED))  # fmt: skip


def unit_merge(*, unit: Unit, into: Unit, decision: Decision, effective_on: datetime.date,
               actor: User | None = None, note: str = "") -> Unit:  # fmt: skip
    """Merge ``unit`` into ``into`` from ``effective_on``.

    Its active sub-units move under ``into`` (each a recorded move under the same decision), its
    people and current members too; ``unit`` itself becomes inactive and is placed under ``into``, so
    ``into``'s roll-ups count everything decided in ``unit`` before the merger. Decisions already
    taken keep ``unit`` (or the committee above it then) as their deciding unit.
    """
    errors = _decision_errors(decision, effective_on) | _order_errors(unit, effective_on)
    if into.pk == unit.pk:
        errors["into"] = [_("A unit cannot be merged into itself.")]
    else:
        errors |= {("into" if key == "new_parent" else key): value
                   for key, value in _cycle_errors(unit, into).items()}  # fmt: skip
    if not into.is_active:
        errors["into"] = [_("%(unit)s was merged or dissolved; choose a unit in today's tree.") % {"unit": into}]
    elif unit.kind.is_cell != into.kind.is_cell:
        errors["into"] = [_("A cell merges into a cell, a committee into a committee.")]
    if not unit.is_active:
        errors["unit"] = [_("%(unit)s was merged or dissolved; it changes no more.") % {"unit": unit}]
    _refuse(errors)
    with transaction.atomic():
        for child in list(Unit.objects.get_children(unit).filter(is_active=True)):
            unit_move(unit=child, new_parent=into, decision=decision, effective_on=effective_on, actor=actor,
                      note=note)  # fmt: skip
        people, members = _people_of(unit)
        people.update(unit=into)
        members.update(cell=into)
        _refresh(unit)
        parent = Unit.objects.get_parent(unit)
        _record(unit=unit, change=Change.MERGE, decision=decision, effective_on=effective_on, actor=actor, note=note,
                parent_before=parent, parent_after=into, successor=into)  # fmt: skip
        unit.is_active = False
        unit.save(update_fields=["is_active"])
        _move_node(unit, into)
    return unit


def unit_dissolve(*, unit: Unit, decision: Decision, effective_on: datetime.date, actor: User | None = None,
                  note: str = "") -> Unit:  # fmt: skip
    """Dissolve ``unit`` from ``effective_on`` (a district committee on 1 July 2025). It must hold no
    active sub-unit and no person; it stays in the tree, inactive, with the decisions it took."""
    errors = _decision_errors(decision, effective_on) | _order_errors(unit, effective_on)
    if Unit.objects.get_children(unit).filter(is_active=True).exists():
        errors["unit"] = [_("%(unit)s still has active sub-units; move or merge them first.") % {"unit": unit}]
    people, members = _people_of(unit)
    if people.exists() or members.exists():
        errors.setdefault("unit", []).append(_("This party organisation still has people on its records; "
                                               "move them first."))  # fmt: skip
    _refuse(errors)
    parent = Unit.objects.get_parent(unit)
    with transaction.atomic():
        _record(unit=unit, change=Change.DISSOLVE, decision=decision, effective_on=effective_on, actor=actor,
                note=note, parent_before=parent, parent_after=parent)  # fmt: skip
        unit.is_active = False
        unit.save(update_fields=["is_active"])
    return unit


def unit_delete_check(*, unit: Unit) -> None:
    """Raise ``ValidationError`` when ``unit`` cannot be deleted: one of its sub-units still keeps people,
    or its history is recorded (a unit with recorded changes is dissolved, never deleted)."""
    from partycell.people.models import Membership, Person

    subtree = Unit.objects.get_tree(unit)
    if Person.objects.filter(unit__in=subtree).exists() or Membership.objects.filter(cell__in=subtree).exists():
        raise ValidationError(
            _("This party organisation still has people on its records; move them first."),
            code="unit_not_empty",
        )
    if OrganisationChange.objects.filter(unit__in=subtree).exclude(change=Change.CREATE).exists():
        raise ValidationError(
            _("This party organisation's history is recorded; dissolve it instead of deleting it."),
            code="unit_has_history",
        )


def unit_delete(*, unit: Unit) -> None:
    """Delete an empty unit with its empty sub-units (one entered by mistake); one that still keeps
    people, or whose history is recorded, is refused."""
    unit_delete_check(unit=unit)
    with transaction.atomic():
        OrganisationChange.objects.filter(unit__in=Unit.objects.get_tree(unit)).delete()  # its creation only
        unit.delete()


def organisation_change_record(*, unit: Unit, change: str, decision: Decision, effective_on: datetime.date,
                               data: dict[str, Any], actor: User | None = None) -> Unit:  # fmt: skip
    """Record one change of ``unit`` as a staff member enters it (the page's one form): ``data`` holds
    what that change needs (``name``; ``new_parent`` and optionally ``kind``; ``kind``; ``into``; for
    a new sub-unit ``name``, ``kind`` and ``code``). Returns the unit changed (the new one for CREATE)."""
    note = data.get("note", "")
    common = {"decision": decision, "effective_on": effective_on, "actor": actor, "note": note}

    def needed(*names: str) -> None:
        missing = {name: [_("This change needs this field.")] for name in names if not data.get(name)}
        _refuse(missing)

    if change == Change.CREATE:
        needed("name", "kind", "code")
        return unit_create(parent=unit, kind=data["kind"], name=data["name"], code=data["code"], **common)
    if change == Change.RENAME:
        needed("name")
        return unit_rename(unit=unit, name=data["name"], **common)
    if change == Change.MOVE:
        needed("new_parent")
        return unit_move(unit=unit, new_parent=data["new_parent"], kind=data.get("kind"), **common)
    if change == Change.RECLASSIFY:
        needed("kind")
        return unit_reclassify(unit=unit, kind=data["kind"], **common)
    if change == Change.MERGE:
        needed("into")
        return unit_merge(unit=unit, into=data["into"], **common)
    if change == Change.DISSOLVE:
        return unit_dissolve(unit=unit, **common)
    raise ValidationError({"change": [_("Choose a kind of change.")]})


# The standing facts of a unit that are not changes by decision: an administrator of the area keeps them
# true (domain.md A7: where a grassroots Youth Union works, its resolution introduces applicants of its age).
UNIT_FACTS = ("has_grassroots_youth_union", "is_residential", "special_sector")


def unit_facts_update(*, unit: Unit, actor: User, facts: dict[str, Any]) -> list[str]:
    """Set the unit's standing facts (``UNIT_FACTS``); return the names of those that changed.

    Raises ``ValidationError``: an unknown special sector, a residential flag on a unit that is not a cell.
    Nothing is saved unless every value is acceptable.
    """
    errors: dict[str, list[str]] = {}
    if facts.get("special_sector", "") not in SpecialSector.values:
        errors["special_sector"] = [_("Choose one of the listed sectors.")]
    if facts.get("is_residential") and not unit.kind.is_cell:
        errors["is_residential"] = [_("Only a party cell is a residential (village) cell.")]
    _refuse(errors)
    changed = [name for name in UNIT_FACTS if name in facts and getattr(unit, name) != facts[name]]
    for name in changed:
        setattr(unit, name, facts[name])
    if changed:
        unit.save(update_fields=changed)
        logger.info("Unit %s facts changed by user %s: %s", unit.pk, actor.pk, ", ".join(changed))
    return changed

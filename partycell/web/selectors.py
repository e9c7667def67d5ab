"""Reads behind the web pages. Every queryset starts from the scope selectors, so foreign ids 404."""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Length, Substr
from django.utils import timezone

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Membership, MembershipStatus, Person, PersonChange, PersonQuerySet
from partycell.people.vietnamese import fold, normalise_text
from partycell.selectors import people_visible_to, scope_paths_for, units_visible_to
from partycell.web.history import HistoryEntry, history_of
from workflows import actions, gate
from workflows.amendments import AMENDMENTS
from workflows.catalogue import ChecklistItem, checklist_for
from workflows.enums import Action
from workflows.models import Candidacy
from workflows.rules import RuleReader, overdue_q
from workflows.selectors import Awaiting, awaiting, candidacies_visible_to

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class OverdueRank(TypedDict):
    overdue_rank: int


def cells_for_registration(user: User) -> QuerySet[Unit]:
    """The cells in which ``user`` may register a candidate: party cells in their editing scope."""
    return units_visible_to(user, editing=True).filter(kind__is_cell=True, is_active=True).order_by("path")


# What a row of the candidate list shows (``web/_candidacy_table.html``): the page reads only these
# columns of its 25 cases, their people and cells, rather than every column of the three tables.
CANDIDACY_ROW_FIELDS = ("stage", "stage_due_on", "person__full_name", "person__date_of_birth", "cell__name")
# And of the people list (``web/person_list.html``).
PERSON_ROW_FIELDS = ("full_name", "date_of_birth", "unit__name")


def candidacy_list(user: User) -> QuerySet[Candidacy]:
    """Every candidacy ``user`` may see, with what a list row shows, due dates first."""
    return (
        candidacies_visible_to(user)
        .select_related("person", "cell")
        .order_by(F("stage_due_on").asc(nulls_last=True), "person__name_sort_key", "id")
    )


def with_overdue_rank(
    candidacies: QuerySet[Candidacy], *, today: datetime.date
) -> "QuerySet[WithAnnotations[Candidacy, OverdueRank]]":
    """Annotate ``overdue_rank`` (0 = overdue, ``Candidacy.objects.overdue``; 1 = otherwise) for ordering."""
    return candidacies.annotate(
        overdue_rank=Case(When(overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    )


def todo_list(user: User, *, today: datetime.date | None = None) -> tuple[QuerySet[Candidacy], Awaiting]:
    """Open candidacies awaiting ``user``'s action (the gate's ``awaits``), overdue first, then by due
    date, then by name; and the steps each waits for."""
    today = today or timezone.localdate()
    waiting = awaiting(user, on=today)
    candidacies = candidacies_visible_to(user, editing=True).filter(waiting.q)
    ordered = (
        with_overdue_rank(candidacies, today=today)
        .select_related("person", "cell")
        .order_by("overdue_rank", F("stage_due_on").asc(nulls_last=True), "person__name_sort_key", "id")
    )
    return ordered, waiting


def todo_for(user: User, *, today: datetime.date | None = None) -> QuerySet[Candidacy]:
    return todo_list(user, today=today)[0]


def candidacy_timeline(candidacy: Candidacy, *, user: User | None = None) -> list[HistoryEntry]:
    """The case's history, readable (``partycell.web.history``); with ``user``, each entry says whether
    the gate lets them correct it or reverse it (only the last step standing is asked about reversal)."""
    entries = history_of(candidacy)
    if user is None:
        return entries
    today = timezone.localdate()
    standing = [e for e in entries if e.moved and not e.reversed and e.log.action not in AMENDMENTS]
    last = standing[-1].log.pk if standing else None

    def may(entry: HistoryEntry, action: str) -> bool:
        return not gate.amendment_refusals(user=user, entry=entry.log, action=action, on=today)

    return [
        dataclasses.replace(
            entry,
            may_correct=not entry.reversed and may(entry, Action.STEP_CORRECT),
            may_reverse=entry.log.pk == last and may(entry, Action.STEP_REVERSE),
        )
        for entry in entries
    ]


def document_checklist(candidacy: Candidacy, *, today: datetime.date | None = None) -> list[ChecklistItem]:
    """What this case's next steps need, from the document catalogue: the documents that must be on
    file before them and those they file, for the steps on this case's path only, each with the newest
    copy on file and whether it has gone stale."""
    today = today or timezone.localdate()
    if not candidacy.is_open:
        return []
    steps = [
        spec.name
        for spec in actions.transition_specs()
        if spec.is_forward and not gate.path_refusals(candidacy, spec, on=today)
    ]
    return checklist_for(candidacy, steps, RuleReader(today))


def mentor_candidates(user: User, candidacy: Candidacy) -> PersonQuerySet:
    """Official members the user may see, never the candidate."""
    return (
        people_visible_to(user)
        .filter(membership__status=MembershipStatus.OFFICIAL)
        .exclude(pk=candidacy.person_id)
        .in_vietnamese_order()
    )


# How many choices a picker offers at once; a longer list asks for more of the name.
PICK_LIMIT = 20


T = TypeVar("T")


@dataclass(frozen=True)
class Picked(Generic[T]):
    """What a picker offers: at most ``PICK_LIMIT`` choices, and whether more would match."""

    choices: list[T]
    more: bool


def _picked(rows: list[T]) -> Picked[T]:
    return Picked(rows[:PICK_LIMIT], len(rows) > PICK_LIMIT)


def units_to_pick(user: User, *, text: str = "", parent: Unit | None = None) -> Picked[Unit]:
    """The units the unit picker offers ``user``, in their scope: the units just below ``parent``, else
    those whose name contains ``text`` (diacritics and case ignored), else the user's own top units.

    One query; the caller resolves ``parent`` within the scope (``units_visible_to``)."""
    units = units_visible_to(user)
    folded = fold(normalise_text(text))
    if parent is not None:
        found = units.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")
    elif folded:
        found = units.filter(search_name__contains=folded).order_by("depth", "path")
    else:
        paths = scope_paths_for(user)
        found = units.filter(depth=1) if paths is None else units.filter(path__in=paths)
        found = found.order_by("path")
    return _picked(list(found[: PICK_LIMIT + 1]))


def mentors_visible_to(user: User) -> PersonQuerySet:
    """Official and probationary members ``user`` may see: the people who can help or introduce."""
    return (
        people_visible_to(user)
        .filter(membership__status__in=[MembershipStatus.OFFICIAL, MembershipStatus.PROBATIONARY])
        .in_vietnamese_order()
    )


def mentors_to_pick(user: User, *, text: str) -> Picked[Person]:
    """The members whose name (or CCCD) matches ``text``, for the mentor picker; none before a search."""
    if not fold(normalise_text(text)):
        return Picked([], False)
    return _picked(list(mentors_visible_to(user).search(text).select_related("unit")[: PICK_LIMIT + 1]))


def members_to_pick(user: User, candidacy: Candidacy, *, text: str) -> Picked[Person]:
    """The official members ``mentor_candidates`` offers whose name (or CCCD) matches ``text``."""
    if not fold(normalise_text(text)):
        return Picked([], False)
    found = mentor_candidates(user, candidacy).search(text).select_related("unit")
    return _picked(list(found[: PICK_LIMIT + 1]))


def awareness_roster(user: User, *, unit: Unit | None = None) -> QuerySet[Candidacy]:
    """Candidates awaiting the party-awareness class in the user's editing scope (optionally one subtree)."""
    stages = [
        t.source
        for t in Candidacy._meta.get_field("stage").get_all_transitions(Candidacy)
        if t.name == "awareness_class_record"
    ]
    candidacies = candidacies_visible_to(user, editing=True).filter(stage__in=stages)
    if unit is not None:
        candidacies = candidacies.filter(unit.subtree_filter(field="cell__"))
    return candidacies.select_related("person", "cell").order_by("cell__path", "person__name_sort_key", "id")


@dataclass(frozen=True)
class CorrectionEntry:
    change: PersonChange
    rows: list[tuple[str, str, str]]  # (field label, old, new)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.change, name)


def person_corrections(person: Person) -> list[CorrectionEntry]:
    """The corrections of a person's record, newest first, each field named by its label."""
    # A roll record changed for a member with no case (the party card) is kept here too, by its label.
    fields = [*Person._meta.get_fields(), *Membership._meta.get_fields()]
    labels = {field.name: str(getattr(field, "verbose_name", field.name)) for field in fields}
    return [
        CorrectionEntry(change, [(labels.get(name, name), old, new) for name, (old, new) in change.changes.items()])
        for change in person.changes.select_related("changed_by").order_by("-changed_at", "-id")
    ]


# --- Units chosen by search in a form (a cell to register in, a unit a tree change names) ---------------


def units_for_tree_change(user: User) -> QuerySet[Unit]:
    """The active units a change of the tree may name (placed under, merged into): the user's editing scope."""
    return units_visible_to(user, editing=True).filter(is_active=True).order_by("path")


def too_many_for_a_list(units: QuerySet[Unit]) -> bool:
    """Whether ``units`` are too many for a drop-down (a province's thousands): then a search replaces it.
    One query, reading at most ``2 * PICK_LIMIT + 1`` ids."""
    return len(units.values_list("pk", flat=True)[: PICK_LIMIT * 2 + 1]) > PICK_LIMIT * 2


def units_matching(units: QuerySet[Unit], text: str) -> Picked[Unit]:
    """Those of ``units`` whose code is ``text`` or whose name contains it (diacritics, case, full-width digits,
    zero-width characters ignored): the code's match first, then by level and place in the tree. Each unit
    comes with ``parent_name`` so two cells of the same name can be told apart. One query."""
    typed = normalise_text(text)
    folded = fold(typed)
    if not folded:
        return Picked([], False)
    parent_name = Unit.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen))
    found = (
        units.filter(Q(code__iexact=typed) | Q(search_name__contains=folded))
        .annotate(
            parent_name=Subquery(parent_name.values("name")[:1]),
            code_first=Case(When(code__iexact=typed, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .select_related("kind")
        .order_by("code_first", "depth", "path")
    )
    return _picked(list(found[: PICK_LIMIT + 1]))

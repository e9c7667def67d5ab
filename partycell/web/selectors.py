"""Reads behind the web pages. Every queryset starts from the scope selectors, so foreign ids 404."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.selectors import scope_paths_for, units_visible_to
from partycell.web.actions import action_form_class, action_label
from workflows.enums import OPEN
from workflows.models import Candidacy, TransitionLog
from workflows.selectors import candidacies_visible_to


def cells_for_registration(user: User) -> QuerySet[Unit]:
    """The cells in which ``user`` may register a candidate: party cells in their editing scope."""
    return units_visible_to(user, editing=True).filter(kind__is_cell=True, is_active=True).order_by("path")


def user_may_edit(user: User, unit: Unit) -> bool:
    """Whether ``unit`` lies in one of ``user``'s editing subtrees (auditors never may)."""
    paths = scope_paths_for(user, editing=True)
    return paths is None or any(unit.path.startswith(path) for path in paths)


def user_edits_anything(user: User) -> bool:
    paths = scope_paths_for(user, editing=True)
    return paths is None or bool(paths)


def candidacy_list(user: User) -> QuerySet[Candidacy]:
    """Every candidacy ``user`` may see, with what a list row shows, due dates first."""
    return (
        candidacies_visible_to(user)
        .select_related("person", "cell")
        .order_by(F("stage_due_on").asc(nulls_last=True), "person__name_sort_key", "id")
    )


def with_overdue_rank(candidacies: QuerySet[Candidacy], *, today: datetime.date) -> QuerySet[Candidacy]:
    """Annotate ``overdue_rank`` (0 = open and past its due date, 1 = otherwise) for ordering and marks."""
    return candidacies.annotate(
        overdue_rank=Case(
            When(stage__in=sorted(OPEN), stage_due_on__lt=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def todo_for(user: User, *, today: datetime.date | None = None) -> QuerySet[Candidacy]:
    """Open candidacies awaiting ``user``'s action: overdue first, then by due date.

    "Awaiting their action" means: open, inside the user's editing scope (auditors have none), and in
    a stage from which the workflow offers a step the user's roles may take.
    """
    today = today or timezone.localdate()
    candidacies = candidacies_visible_to(user, editing=True).filter(stage__in=sorted(OPEN))
    return (
        with_overdue_rank(candidacies, today=today)
        .select_related("person", "cell")
        .order_by("overdue_rank", F("stage_due_on").asc(nulls_last=True), "person__name_sort_key", "id")
    )


@dataclass(frozen=True)
class TimelineEntry:
    log: TransitionLog
    label: str
    evidence: list[tuple[str, str]]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _display_value(value: Any) -> str:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(_display_value(item) for item in value)
    return str(value)


def _evidence_labels(action: str) -> dict[str, str]:
    form_class = action_form_class(action)
    if form_class is None:
        return {}
    return {name: str(field.label or name) for name, field in form_class.base_fields.items()}


def candidacy_timeline(candidacy: Candidacy) -> list[TimelineEntry]:
    """Every audit row of ``candidacy``, oldest first: who recorded it, when, and the evidence, labelled."""
    logs = candidacy.transitions.select_related("actor", "cell").order_by("occurred_at", "id")
    entries = []
    for log in logs:
        labels = _evidence_labels(log.action)
        evidence = [(labels.get(key, key), _display_value(value)) for key, value in log.evidence.items()]
        entries.append(TimelineEntry(log=log, label=action_label(log.action), evidence=evidence))
    return entries

"""Reads behind the web pages. Every queryset starts from the scope selectors, so foreign ids 404."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from partycell.accounts.models import Role, User
from partycell.organisations.models import Unit
from partycell.people.models import MembershipStatus, Person
from partycell.selectors import people_visible_to, role_assignments_of, units_visible_to
from partycell.web.actions import action_form_class, action_label
from workflows import permissions
from workflows.enums import OPEN, REQUIRED_BEFORE_CELL_VOTE, FormCode
from workflows.evidence import EVIDENCE_FORMS
from workflows.models import Candidacy, Document, TransitionLog
from workflows.selectors import candidacies_visible_to


def cells_for_registration(user: User) -> QuerySet[Unit]:
    """The cells in which ``user`` may register a candidate: party cells in their editing scope."""
    return units_visible_to(user, editing=True).filter(kind__is_cell=True, is_active=True).order_by("path")


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


def _forward_actions_by_stage() -> dict[str, set[str]]:
    """For each stage, the transitions leading on from it, read from the FSM declaration.

    Irreversible exits (withdraw, reject, remove) are possible almost anywhere; they never make a
    case "wait" for someone, so they are left out.
    """
    by_stage: dict[str, set[str]] = defaultdict(set)
    for transition in Candidacy._meta.get_field("stage").get_all_transitions(Candidacy):
        if not transition.custom.get("irreversible"):
            by_stage[transition.source].add(transition.name)
    return by_stage


def _stages_for(*checks) -> list[str]:
    return sorted(
        stage
        for stage, actions in _forward_actions_by_stage().items()
        if stage in OPEN and any(permissions.ACTION_CHECKS.get(action) in checks for action in actions)
    )


def _under(paths: list[str]) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(cell__path__startswith=path)
    return query


def _role_paths(user: User) -> dict[str, list[str]]:
    """Role -> unit paths where the user holds it; cached on the user for the request."""
    if not hasattr(user, "_web_role_paths"):
        paths: dict[str, list[str]] = defaultdict(list)
        for assignment in role_assignments_of(user):
            paths[assignment.role].append(assignment.unit.path)
        user._web_role_paths = paths
    return user._web_role_paths


def _step_roles(check) -> frozenset[str]:
    """The roles a permission check of ``workflows.permissions`` lets act (administrators aside)."""
    # File steps may also be logged by committee staff above the cell, but they wait on the cell:
    # listing them for commune staff would flood their to-do page with every early case.
    if check in (permissions.CELL_STEP, permissions.FILE_STEP):
        return permissions.CELL_ROLES
    if check in (permissions.GRASSROOTS_STEP, permissions.PARTIAL_STEP):
        return permissions.GRASSROOTS_ROLES
    if check is permissions.DECISION:
        return permissions.DECIDING_ROLES
    return frozenset()


def _awaiting_q(user: User) -> Q:
    """Open candidacies whose next forward step one of ``user``'s roles may take, as one Q.

    It mirrors ``workflows.permissions`` role by role (cell steps for cell officers, grassroots
    steps for grassroots staff and for the officers of a grassroots cell, decisions for deciders),
    without the per-case review-path lookups, so the to-do list costs the same for 1 or 1000 rows;
    the candidate page then gives the exact reasons.
    """
    if user.is_superuser:
        return Q(stage__in=sorted(OPEN))
    paths = _role_paths(user)

    def holders(roles) -> list[str]:
        return [path for role in roles for path in paths.get(role, [])]

    if paths.get(Role.ADMINISTRATOR):
        return Q(stage__in=sorted(OPEN)) & _under(paths[Role.ADMINISTRATOR])
    cell_officers = holders(permissions.CELL_ROLES)
    grassroots_stages = _stages_for(permissions.GRASSROOTS_STEP)
    return (
        (Q(stage__in=_stages_for(permissions.CELL_STEP, permissions.FILE_STEP)) & _under(cell_officers))
        | (Q(stage__in=grassroots_stages) & _under(holders(permissions.GRASSROOTS_ROLES)))
        | (Q(stage__in=grassroots_stages, cell__kind__is_grassroots=True) & _under(cell_officers))
        | (Q(stage__in=_stages_for(permissions.PARTIAL_STEP)) & _under(holders(permissions.GRASSROOTS_ROLES)))
        | (Q(stage__in=_stages_for(permissions.DECISION)) & _under(holders(permissions.DECIDING_ROLES)))
    )


def todo_steps(user: User, candidacy: Candidacy) -> list[tuple[str, str]]:
    """(action, label) of the forward steps from the candidacy's stage that the user's roles cover.

    Pure Python on data already loaded (no query per row); the step's page checks it in full.
    """
    paths = _role_paths(user)
    administrator = user.is_superuser or Role.ADMINISTRATOR in paths
    steps = []
    for action in sorted(_forward_actions_by_stage().get(candidacy.stage, ())):
        if action not in EVIDENCE_FORMS:
            continue
        roles = _step_roles(permissions.ACTION_CHECKS.get(action))
        if administrator or any(candidacy.cell.path.startswith(p) for role in roles for p in paths.get(role, [])):
            steps.append((action, action_label(action)))
    return steps


def todo_for(user: User, *, today: datetime.date | None = None) -> QuerySet[Candidacy]:
    """Open candidacies awaiting ``user``'s action: overdue first, then by due date, then by name."""
    today = today or timezone.localdate()
    candidacies = candidacies_visible_to(user, editing=True).filter(_awaiting_q(user))
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


@dataclass(frozen=True)
class ChecklistItem:
    form_code: str
    label: str
    document: Document | None


def _documents_needed_after(candidacy: Candidacy) -> list[str]:
    """The forms the next forward steps from the current stage file, in the order of the procedure."""
    codes: list[str] = []
    for action in sorted(_forward_actions_by_stage().get(candidacy.stage, ())):
        if action == "cell_vote":
            # The cell votes on a complete file (domain.md A9, A12).
            codes += [FormCode.AWARENESS_CERTIFICATE, *REQUIRED_BEFORE_CELL_VOTE]
        form_class = EVIDENCE_FORMS.get(action)
        if form_class is not None:
            form = form_class(candidacy=candidacy)
            codes += list(form.DOCUMENTS.values())
            codes += [getattr(form, "resolution_code", None)] if hasattr(form, "resolution_code") else []
    return list(dict.fromkeys(code for code in codes if code))


def document_checklist(candidacy: Candidacy) -> list[ChecklistItem]:
    """The documents the current stage needs, each with the latest one on file (or None)."""
    codes = _documents_needed_after(candidacy)
    latest: dict[str, Document] = {}
    for document in candidacy.documents.filter(form_code__in=codes).order_by("issued_on", "id"):
        latest[document.form_code] = document
    labels = dict(FormCode.choices)
    return [ChecklistItem(code, str(labels.get(code, code)), latest.get(code)) for code in codes]


def mentor_candidates(user: User, candidacy: Candidacy) -> QuerySet[Person]:
    """Official members the user may see, never the candidate."""
    return (
        people_visible_to(user)
        .filter(membership__status=MembershipStatus.OFFICIAL)
        .exclude(pk=candidacy.person_id)
        .in_vietnamese_order()
    )


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

"""Starting mid-stream: the membership roll and the open cases a committee already has (issue 12, item 2).

Rows come parsed (``partycell.web.imports`` reads the workbook; the API reads JSON or the same
workbook); each row is a ``Row``: its number, its parsed ``data`` and the ``errors`` found so far.
This module states the procedure's rules for them and writes them:

- ``roll_check`` / ``cases_check`` add to each row the reasons the procedure refuses it: a date
  order the procedure forbids (a ceremony before the decision, a recognition before the 12 months
  of probation, a step before the one it follows), a party card number already used, a stage that
  does not exist on the cell's path, a vote that did not reach the share in force on its date, a
  person already on the roll or in a case with other dates.
- ``roll_import`` / ``cases_import`` check again inside one transaction and write everything or
  nothing (``ImportRefused``). Rows are matched by CCCD: a row identical to what is stored is
  counted as unchanged and writes nothing, so a second import of the same file writes no row.

What a row becomes:

- an official or probationary member: ``Person`` + ``Membership`` + one case (``Candidacy``) whose
  audit trail holds "imported" entries dated at the decisions (admission, ceremony, recognition),
  so targets, which count the audit trail alone (``partycell.targets.selectors``), count them; a
  probationary member's case stays open, with the deadline of the step it waits for;
- an open case: ``Person`` + ``Candidacy`` at its current stage with the key dates, the votes and
  the documents already held (one per date given), its deadline computed from the imported dates
  by the rules in force on them (``workflows.deadlines``), and one "imported" entry at the current
  stage (plus one at the admission decision for a case past it, so the admission counts).

Every imported entry names who imported it, when, and from which file (``evidence["file"]``).
Writes are bulk inserts in chunks, so a file of 10,000 rows costs a few hundred queries.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.organisations.authority import Body, ReviewPath, review_paths_for
from partycell.organisations.models import Unit
from partycell.people.models import Membership, MembershipStatus, Person
from partycell.people.services import PERSON_FIELDS, person_update
from partycell.rulebook.calendar import add_months
from partycell.rulebook.models import Rule
from partycell.rulebook.selectors import RuleNotInForce, rule_versions, version_in_force
from partycell.selectors import user_may_edit_unit
from workflows import actions, case_dates, deadlines, rules
from workflows.enums import OPEN, Action, FormCode, Phase, Stage, VoteBody, VoteMethod
from workflows.models import Candidacy, Document, TransitionLog, Vote

CHUNK = 500
IMPORT = Action.IMPORT.value

_T = TypeVar("_T")


class Row(Protocol):
    number: int
    data: dict[str, Any]
    errors: list[str]


class ImportRefused(Exception):
    """Some rows are refused (each carries its reasons); nothing was written."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = [row for row in rows if row.errors]
        super().__init__(f"{len(self.rows)} rows refused")


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    numbers: dict[str, list[int]] = field(default_factory=lambda: {"created": [], "updated": [], "unchanged": []})

    def count(self, what: str, row: Row) -> None:
        setattr(self, what, getattr(self, what) + 1)
        self.numbers[what].append(row.number)

    @property
    def changes(self) -> int:
        return self.created + self.updated


def _chunks(items: Sequence[_T], size: int = CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _stamp(day: datetime.date) -> datetime.datetime:
    """A date as the moment a stage was entered (noon, so no time zone moves it to another day)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class _Rules:
    """The versions of each rule a file needs, read in one query per rule; the version in force on a
    date chosen by ``partycell.rulebook.selectors.version_in_force``, as every lookup chooses it."""

    def __init__(self) -> None:
        self._versions: dict[str, list[Rule]] = {}

    def __call__(self, rule_id: str, on: datetime.date) -> Any:
        if rule_id not in self._versions:
            self._versions.update(rule_versions([rule_id]))
        rule = version_in_force(self._versions[rule_id], on)
        if rule is None:
            raise RuleNotInForce(rule_id, on)
        return rule.typed_value

    def probation_ends(self, start: datetime.date) -> datetime.date:
        return add_months(start, self(deadlines.PROBATION_MONTHS, start))

    def probation_ends_or_none(self, start: datetime.date) -> datetime.date | None:
        """``probation_ends``, or None when no version of the rule is in force on ``start``."""
        try:
            return self.probation_ends(start)
        except RuleNotInForce:
            return None


def _people_by_citizen_id(citizen_ids: Iterable[str]) -> dict[str, Person]:
    ids = sorted({citizen_id for citizen_id in citizen_ids if citizen_id})
    found: dict[str, Person] = {}
    for chunk in _chunks(ids):
        for person in Person.objects.filter(citizen_id__in=chunk).select_related("membership", "unit"):
            found[person.citizen_id] = person
    return found


def _open_cases(people: Iterable[Person]) -> dict[int, Candidacy]:
    ids = sorted(person.pk for person in people)
    found: dict[int, Candidacy] = {}
    for chunk in _chunks(ids):
        for candidacy in Candidacy.objects.filter(person_id__in=chunk, stage__in=sorted(OPEN)):
            found[candidacy.person_id] = candidacy
    return found


def _membership(person: Person) -> Membership | None:
    try:
        return person.membership
    except Membership.DoesNotExist:
        return None


def _person_changes(person: Person, data: dict[str, Any]) -> dict[str, Any]:
    """The person's fields the row gives with another value than the stored one."""
    changed = {}
    for name in PERSON_FIELDS:
        if name not in data or name == "citizen_id":
            continue
        value = data[name]
        current = person.unit if name == "unit" else getattr(person, name)
        if value != current:
            changed[name] = value
    return changed


def _future_reasons(data: dict[str, Any], labels: dict[str, str], today: datetime.date) -> list[str]:
    return [
        _("%(column)s: this date is in the future.") % {"column": labels.get(name, name)}
        for name, value in data.items()
        if isinstance(value, datetime.date) and name != "date_of_birth" and value > today
    ]


def _not_in_force(error: RuleNotInForce) -> str:
    return str(error)


# The step that enters each stage: an imported entry at that stage records that step's decision.
_ENTERED_BY = {
    Stage.CELL_APPROVED: Action.CELL_VOTE, Stage.PARTIAL_APPRAISED: Action.PARTIAL_APPRAISE,
    Stage.GRASSROOTS_APPROVED: Action.GRASSROOTS_VOTE, Stage.ADMISSION_DECIDED: Action.ADMISSION_DECIDE,
    Stage.PROBATIONARY: Action.CEREMONY_HOLD, Stage.RECOGNITION_PROPOSED: Action.RECOGNITION_VOTE,
    Stage.RECOGNITION_REVIEWED: Action.RECOGNITION_REVIEW, Stage.OFFICIAL: Action.RECOGNITION_DECIDE,
}  # fmt: skip


class _DecidingUnits:
    """The unit whose decision an imported entry records (``TransitionLog.deciding_unit``), as the
    workflow finds it (``actions.deciding_unit``: the case's review path on the event date), for a
    whole file: the review paths of the cells in two queries per distinct date."""

    def __init__(self, entries: Iterable[TransitionLog]) -> None:
        by_day: dict[datetime.date, dict[int, Unit]] = {}
        for entry in entries:
            if self._body(entry) not in (None, Body.CELL):
                by_day.setdefault(entry.event_date, {})[entry.cell.pk] = entry.cell
        self._paths: dict[tuple[int, datetime.date], ReviewPath | None] = {}
        for day, cells in by_day.items():
            for pk, path in review_paths_for(cells.values(), on=day).items():
                self._paths[(pk, day)] = path

    @staticmethod
    def _body(entry: TransitionLog) -> str | None:
        action = _ENTERED_BY.get(Stage(entry.to_stage)) if entry.from_stage != entry.to_stage else None
        return actions.spec(action).decided_by if action else None

    def fill(self, entries: Iterable[TransitionLog]) -> None:
        for entry in entries:
            body = self._body(entry)
            if body == Body.CELL:
                entry.deciding_unit = entry.cell
            elif body is not None and (path := self._paths.get((entry.cell.pk, entry.event_date))) is not None:
                entry.deciding_unit = path.unit_of(body)


def _bulk_log(entries: list[TransitionLog]) -> None:
    """Insert imported entries, each with the unit whose decision it records."""
    _DecidingUnits(entries).fill(entries)
    TransitionLog.objects.bulk_create(entries)
    # The cases' documents are in by now: the dates the stale-document reminders read.
    case_dates.refresh({entry.candidacy_id for entry in entries})


# --- The membership roll ------------------------------------------------------------------------------

ROLL_PROCEDURE_FIELDS = ("status", "admission_decision_date", "ceremony_date", "recognition_date")
ROLL_FILLABLE_FIELDS = ("admission_decision_number", "party_card_number", "party_card_date",
                        "party_card_decision_number", "party_card_decision_date")  # fmt: skip


def roll_row_reasons(data: dict[str, Any], *, labels: dict[str, str], rules_cache: _Rules) -> list[str]:
    """What the procedure forbids in one roll row, judged on the row alone (dates, status, card)."""
    reasons = _future_reasons(data, labels, timezone.localdate())
    status = data.get("status")
    decided = data.get("admission_decision_date")
    ceremony = data.get("ceremony_date")
    recognised = data.get("recognition_date")
    if status not in (MembershipStatus.OFFICIAL, MembershipStatus.PROBATIONARY):
        reasons.append(_("Only probationary and official members can be imported."))
    if decided is None:
        return reasons
    if ceremony is not None and ceremony < decided:
        reasons.append(_("The admission ceremony (%(ceremony)s) cannot be before the admission decision "
                         "(%(decision)s).") % {"ceremony": _date(ceremony), "decision": _date(decided)})  # fmt: skip
    if status == MembershipStatus.OFFICIAL and recognised is None:
        reasons.append(_("An official member needs the date of recognition as an official member."))
    if status == MembershipStatus.PROBATIONARY and recognised is not None:
        reasons.append(_("A probationary member has no recognition date; write the status “Chính thức”."))
    if recognised is not None:
        start = ceremony if ceremony is not None and ceremony >= decided else decided
        # Before the rulebook's first version (the 2011 Charter) there is no rule to judge the probation by:
        # a member admitted then is imported as the roll has them, with no deadline (``_member_case``).
        ends = rules_cache.probation_ends_or_none(start)
        if ends is not None and recognised < ends:
            reasons.append(_("Recognition on %(recognised)s comes before the end of the probation, "
                             "%(ends)s (12 months from the ceremony).")
                           % {"recognised": _date(recognised), "ends": _date(ends)})  # fmt: skip
    reasons += _card_reasons(data, status=status, recognised=recognised)
    return reasons


def _card_reasons(data: dict[str, Any], *, status: Any, recognised: datetime.date | None) -> list[str]:
    """The card is issued to official members, after recognition (B13)."""
    number, issued = data.get("party_card_number"), data.get("party_card_date")
    if not (number or issued or data.get("party_card_decision_number") or data.get("party_card_decision_date")):
        return []
    if status != MembershipStatus.OFFICIAL:
        return [_("Only an official member holds a party card.")]
    decided = data.get("party_card_decision_date")
    found = rules.card_date_reasons(recognised=recognised, issued_on=issued, decision_date=decided)
    reasons = [reason for name in ("decision_date", "issued_on") for reason in found.get(name, [])]
    if (issued or decided or data.get("party_card_decision_number")) and not number:
        reasons.append(_("Give the party card number with its date and decision."))
    return reasons


def _cards_used(numbers: Iterable[str]) -> dict[str, str]:
    """Card number -> the CCCD of the member who holds it."""
    numbers = sorted({number for number in numbers if number})
    used: dict[str, str] = {}
    for chunk in _chunks(numbers):
        rows = Membership.objects.filter(party_card_number__in=chunk).values_list(
            "party_card_number", "person__citizen_id"
        )
        used.update(dict(rows))
    return used


@dataclass
class _RollPlan:
    row: Row
    person: Person | None  # None until written: a new person
    membership: Membership | None
    person_changes: dict[str, Any]
    membership_fills: dict[str, Any]
    case: Candidacy | None  # the case to create (its person set when written), with its deadline
    deadline_rules: dict = field(default_factory=dict)
    existing: bool = False

    @property
    def what(self) -> str:
        if not self.existing:
            return "created"
        if self.membership is None or self.case is not None or self.person_changes or self.membership_fills:
            return "updated"
        return "unchanged"


def _label(name: str) -> str:
    return str(getattr(Membership._meta.get_field(name), "verbose_name", name))


def _roll_existing_reasons(row: Row, person: Person, open_case: Candidacy | None) -> list[str]:
    membership = _membership(person)
    data = row.data
    if membership is None:
        if open_case is not None:
            return [_("This person has an open case at the stage “%(stage)s”; record its steps on the case page.")
                    % {"stage": open_case.get_stage_display()}]  # fmt: skip
        return []
    reasons = []
    for name in ROLL_PROCEDURE_FIELDS:
        if name in data and data[name] != getattr(membership, name):
            shown = getattr(membership, name)
            reasons.append(_("Already on the roll with another %(field)s (%(value)s); correct it on the person's "
                             "page, not by import.")
                           % {"field": _label(name),
                              "value": _date(shown) if isinstance(shown, datetime.date) else
                              (membership.get_status_display() if name == "status" else shown or "—")})  # fmt: skip
    for name in ROLL_FILLABLE_FIELDS:
        stored = getattr(membership, name)
        if name in data and stored not in ("", None) and data[name] != stored:
            reasons.append(_("Already on the roll with another %(field)s (%(value)s).")
                           % {"field": _label(name),
                              "value": _date(stored) if isinstance(stored, datetime.date) else stored})  # fmt: skip
    if data.get("cell") is not None and data["cell"] != membership.cell:
        reasons.append(_("Already on the roll of another cell (%(cell)s); transfer the member instead.")
                       % {"cell": membership.cell})  # fmt: skip
    return reasons


def _plan_roll(rows: Sequence[Row], *, labels: dict[str, str]) -> list[_RollPlan]:
    """Add every reason to refuse to the rows; return the plan of the rows that stand."""
    rules_cache = _Rules()
    for row in rows:
        row.errors += roll_row_reasons(row.data, labels=labels, rules_cache=rules_cache)
    people = _people_by_citizen_id(row.data.get("citizen_id", "") for row in rows)
    open_cases = _open_cases(people.values())
    with_case = _people_with_admission_case(people.values())
    cards = _cards_used(row.data.get("party_card_number", "") for row in rows)
    in_file = Counter(row.data.get("party_card_number") for row in rows if row.data.get("party_card_number"))
    plans = []
    for row in rows:
        citizen_id = row.data.get("citizen_id", "")
        number = row.data.get("party_card_number")
        if number and cards.get(number, citizen_id) != citizen_id:
            row.errors.append(_("The party card number %(number)s is already used by another member.")
                              % {"number": number})  # fmt: skip
        if number and in_file[number] > 1:
            row.errors.append(_("The party card number %(number)s appears on several rows of the file.")
                              % {"number": number})  # fmt: skip
        person = people.get(citizen_id)
        if person is not None:
            row.errors += _roll_existing_reasons(row, person, open_cases.get(person.pk))
        if row.errors:
            continue
        membership = _membership(person) if person is not None else None
        fills = {}
        if membership is not None:
            fills = {name: row.data[name] for name in ROLL_FILLABLE_FIELDS
                     if row.data.get(name) not in ("", None) and getattr(membership, name) in ("", None)}  # fmt: skip
        plan = _RollPlan(
            row=row, person=person, membership=membership, existing=person is not None,
            person_changes=_person_changes(person, row.data) if person is not None else {},
            membership_fills=fills, case=None,
        )  # fmt: skip
        if person is None or person.pk not in with_case:
            try:
                plan.case = _member_case(row.data, rules_cache)
                plan.deadline_rules = deadlines.stage_deadline_apply(
                    candidacy=plan.case, on=plan.case.stage_entered_at.date()
                )
            except RuleNotInForce as error:
                row.errors.append(_not_in_force(error))
                continue
        plans.append(plan)
    return plans


def _people_with_admission_case(people: Iterable[Person]) -> set[int]:
    ids = sorted(person.pk for person in people)
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(
            Candidacy.objects.filter(person_id__in=chunk, admission_decision_date__isnull=False).values_list(
                "person_id", flat=True
            )
        )
    return found


def roll_check(rows: Sequence[Row], *, labels: dict[str, str] | None = None) -> None:
    """Add to each row the reasons the procedure refuses it (see the module's docstring)."""
    _plan_roll([row for row in rows if not row.errors], labels=labels or {})


def _new_person(data: dict[str, Any]) -> Person:
    person = Person(**{key: value for key, value in data.items() if key in PERSON_FIELDS})
    person.fill_derived_fields()
    return person


def _member_case(data: dict[str, Any], rules_cache: _Rules) -> Candidacy:
    """The case an imported member's admission (and recognition) become: closed once recognised."""
    decided, ceremony, recognised = (
        data["admission_decision_date"],
        data.get("ceremony_date"),
        data.get("recognition_date"),
    )
    official = data["status"] == MembershipStatus.OFFICIAL
    stage = Stage.OFFICIAL if official else Stage.PROBATIONARY if ceremony else Stage.ADMISSION_DECIDED
    recognition_decided = data.get("recognition_decision_date") or recognised
    last: datetime.date = (recognition_decided if official else ceremony) or decided
    candidacy = Candidacy(
        person=None, cell=data["cell"], stage=stage, proposed_by=data.get("proposed_by", ""),
        admission_decision_date=decided, admission_decision_number=data.get("admission_decision_number", ""),
        ceremony_date=ceremony, probation_ends_on=rules_cache.probation_ends_or_none(ceremony) if ceremony else None,
        recognition_decision_date=recognition_decided if official else None,
        recognition_effective_on=recognised if official else None,
        closed_on=recognition_decided if official else None,
        stage_entered_at=_stamp(last),
    )  # fmt: skip
    return candidacy


def _member_entries(candidacy: Candidacy, *, plan: _RollPlan, actor: User, source: str,
                    deadline_rules: dict) -> list[TransitionLog]:  # fmt: skip
    """The "imported" entries of a member's case, dated at the decisions."""
    data = plan.row.data
    steps: list[tuple[str, datetime.date]] = [(Stage.ADMISSION_DECIDED, data["admission_decision_date"])]
    if data.get("ceremony_date"):
        steps.append((Stage.PROBATIONARY, data["ceremony_date"]))
    if candidacy.stage == Stage.OFFICIAL:
        assert candidacy.recognition_decision_date is not None
        steps.append((Stage.OFFICIAL, candidacy.recognition_decision_date))
    entries, previous = [], ""
    note = _("Imported from %(file)s, row %(row)s.") % {"file": source, "row": plan.row.number}
    for index, (stage, day) in enumerate(steps):
        last = index == len(steps) - 1
        entries.append(TransitionLog(
            candidacy=candidacy, action=IMPORT, from_stage=previous, to_stage=stage, actor=actor, event_date=day,
            due_on=candidacy.stage_due_on if last else None, cell=candidacy.cell, note=note,
            evidence={"file": source, "row": plan.row.number}, rules=deadline_rules if last else {},
        ))  # fmt: skip
        previous = stage
    return entries


def _check_scope(actor: User, cells: Iterable[Unit]) -> None:
    refused = [cell for cell in {cell.pk: cell for cell in cells}.values() if not user_may_edit_unit(actor, cell)]
    if refused:
        raise PermissionError(f"not an editor of {refused[0]}")


def _write_cases(cases: list[Candidacy], entries_of: Callable[[Candidacy], list[TransitionLog]]) -> None:
    for chunk in _chunks(cases):
        Candidacy.objects.bulk_create(chunk)
        _bulk_log([entry for candidacy in chunk for entry in entries_of(candidacy)])


def roll_import(*, rows: Sequence[Row], actor: User, source: str) -> ImportOutcome:
    """Bring the roll in, all or nothing; ``source`` names the file (kept on every imported entry).

    Raises ``ImportRefused`` (nothing written) when any row is refused, checked again here inside
    the transaction. Side effects: people, memberships, cases and their "imported" audit entries;
    person corrections (``PersonChange``) for the changed details of people already registered.
    """
    outcome = ImportOutcome()
    labels: dict[str, str] = {}
    with transaction.atomic():
        plans = _plan_roll(rows, labels=labels)
        if any(row.errors for row in rows):
            raise ImportRefused(rows)
        _check_scope(actor, [plan.row.data["cell"] for plan in plans])
        new_people = [plan for plan in plans if plan.person is None]
        for chunk in _chunks(new_people):
            created = Person.objects.bulk_create([_new_person(plan.row.data) for plan in chunk])
            for plan, person in zip(chunk, created, strict=True):
                plan.person = person
        reason = _("Imported from %(file)s.") % {"file": source}
        memberships = []
        for plan in plans:
            assert plan.person is not None
            if plan.person_changes:
                person_update(actor=actor, person=plan.person, data=plan.person_changes, reason=reason)
            if plan.membership is None:
                memberships.append(_new_membership(plan))
            elif plan.membership_fills:
                for name, value in plan.membership_fills.items():
                    setattr(plan.membership, name, value)
                plan.membership.save(update_fields=[*plan.membership_fills, "updated_at"])
        for members in _chunks(memberships):
            Membership.objects.bulk_create(members)
        cases: list[Candidacy] = []
        by_case: dict[int, _RollPlan] = {}
        for plan in plans:
            if plan.case is not None:
                assert plan.person is not None
                plan.case.person = plan.person
                cases.append(plan.case)
                by_case[id(plan.case)] = plan
        _write_cases(cases, lambda c: _member_entries(c, plan=by_case[id(c)], actor=actor, source=source,
                                                      deadline_rules=by_case[id(c)].deadline_rules))  # fmt: skip
        for plan in plans:
            outcome.count(plan.what, plan.row)
    return outcome


def _new_membership(plan: _RollPlan) -> Membership:
    data = plan.row.data
    fields = {name: data[name] for name in (*ROLL_PROCEDURE_FIELDS, *ROLL_FILLABLE_FIELDS) if name in data}
    return Membership(person=plan.person, cell=data["cell"], **fields)


# --- Open cases ---------------------------------------------------------------------------------------

# The stages a case can be imported at, and the dates each one has passed, in the procedure's order:
# (the date's field, the stage it moved the case to, the documents it files).
CASE_STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("sympathiser_on", Stage.SYMPATHISER, ()),
    ("awareness_certificate_on", Stage.CLASS_DONE, (FormCode.AWARENESS_CERTIFICATE,)),
    ("file_opened_on", Stage.FILE_OPEN, (FormCode.APPLICATION, FormCode.PERSONAL_HISTORY)),
    ("verified_on", Stage.VERIFIED, (FormCode.VERIFICATION,)),
    ("introduced_on", Stage.INTRODUCED, (FormCode.INTRODUCTION, FormCode.COMMENTS_SUMMARY)),
    ("cell_resolution_date", Stage.CELL_APPROVED, (FormCode.CELL_RESOLUTION,)),
    ("partial_appraised_on", Stage.PARTIAL_APPRAISED, (FormCode.PARTIAL_REPORT,)),
    ("grassroots_resolution_date", Stage.GRASSROOTS_APPROVED, (FormCode.GRASSROOTS_RESOLUTION,)),
    ("admission_decision_date", Stage.ADMISSION_DECIDED, (FormCode.ADMISSION_DECISION,)),
    ("ceremony_date", Stage.PROBATIONARY, (FormCode.CEREMONY_RECORD,)),
    ("recognition_vote_date", Stage.RECOGNITION_PROPOSED, (FormCode.CELL_RECOGNITION_RESOLUTION,)),
    ("recognition_reviewed_on", Stage.RECOGNITION_REVIEWED, (FormCode.GRASSROOTS_RECOGNITION_RESOLUTION,)),
)
IMPORTABLE_STAGES = (Stage.SOURCE, *(stage for _field, stage, _forms in CASE_STEPS))
# The votes a case past these steps already holds: (step's date field, prefix of the count fields, phase, body).
CASE_VOTES = (
    ("cell_resolution_date", "cell_vote", Phase.ADMISSION, VoteBody.CELL),
    ("grassroots_resolution_date", "grassroots_vote", Phase.ADMISSION, VoteBody.GRASSROOTS),
    ("recognition_vote_date", "recognition_vote", Phase.RECOGNITION, VoteBody.CELL),
)
VOTE_COUNTS = ("eligible", "present", "in_favour")
RATIO_RULES = {VoteBody.CELL: "vote.cell_approval_ratio", VoteBody.GRASSROOTS: "vote.committee_approval_ratio"}
# Steps that exist only on some paths through the tree (domain.md 1A, the two paths).
_ON_PATH: dict[str, Callable[[Candidacy, datetime.date], bool]] = {
    Stage.PARTIAL_APPRAISED: rules.partial_appraisal_applies,
    Stage.GRASSROOTS_APPROVED: rules.recognition_review_applies,
    Stage.RECOGNITION_REVIEWED: rules.recognition_review_applies,
}
_CASE_FIELDS = ("cell_resolution_date", "admission_decision_date", "admission_decision_number",
                "decision_received_on", "ceremony_date", "recognition_vote_date")  # fmt: skip


def _steps_reached(stage: str) -> list[tuple[str, str, tuple[str, ...]]]:
    if stage == Stage.SOURCE:
        return []
    index = next(i for i, (_f, step_stage, _d) in enumerate(CASE_STEPS) if step_stage == stage)
    return list(CASE_STEPS[: index + 1])


def _vote_counts(data: dict[str, Any], prefix: str) -> dict[str, int] | None:
    counts = {name: data.get(f"{prefix}_{name}") for name in (*VOTE_COUNTS, "against")}
    if all(counts[name] is None for name in VOTE_COUNTS):
        return None
    return {name: value or 0 for name, value in counts.items()}


class _Paths:
    """Whether a step is on a cell's path, memoised per (step, cell, date)."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int, datetime.date], bool] = {}

    def on_path(self, stage: str, cell: Unit, on: datetime.date) -> bool:
        if stage not in _ON_PATH:
            return True
        key = (stage, cell.pk, on)
        if key not in self._known:
            self._known[key] = _ON_PATH[stage](Candidacy(cell=cell), on)
        return self._known[key]


def case_row_reasons(data: dict[str, Any], *, labels: dict[str, str], rules_cache: _Rules,
                     paths: _Paths) -> list[str]:  # fmt: skip
    """What the procedure forbids in one open-case row: its stage, the order of its dates, its votes."""
    reasons = _future_reasons(data, labels, timezone.localdate())
    stage, cell = data.get("stage"), data.get("cell")
    if stage not in IMPORTABLE_STAGES or cell is None:
        return reasons if stage in IMPORTABLE_STAGES else [*reasons, _("This stage cannot be imported.")]
    reached = _steps_reached(stage)
    previous: tuple[str, datetime.date] | None = None
    for date_field, step_stage, _forms in reached:
        on = data.get(date_field) or data.get("cell_resolution_date") or timezone.localdate()
        if not paths.on_path(step_stage, cell, on):
            # A step of another path: the case cannot wait in it, nor carry its date.
            if step_stage == stage or data.get(date_field):
                reasons.append(_("The stage “%(stage)s” does not exist on the path of %(cell)s.")
                               % {"stage": Stage(step_stage).label, "cell": cell})  # fmt: skip
            continue
        day = data.get(date_field)
        if day is None:
            reasons.append(_("%(column)s: a case at this stage has this date; give it.")
                           % {"column": labels.get(date_field, date_field)})  # fmt: skip
            continue
        if previous is not None and day < previous[1]:
            order = {"later": labels.get(date_field, date_field), "day": _date(day),
                     "earlier": labels.get(previous[0], previous[0]), "previous": _date(previous[1])}  # fmt: skip
            reasons.append(_("%(later)s (%(day)s) cannot be before %(earlier)s (%(previous)s).") % order)
        previous = (date_field, day)
    beyond = [name for name, _s, _d in CASE_STEPS if (name, _s, _d) not in reached and data.get(name)]
    for name in beyond:
        reasons.append(_("%(column)s: a case at the stage “%(stage)s” has not reached this step yet.")
                       % {"column": labels.get(name, name), "stage": Stage(stage).label})  # fmt: skip
    reasons += _probation_reasons(data, rules_cache)
    reasons += _votes_reasons(data, reached, labels=labels, rules_cache=rules_cache)
    received, decided = data.get("decision_received_on"), data.get("admission_decision_date")
    if received is not None:
        reasons += rules.decision_received_reasons(received_on=received, decided_on=decided)
    return reasons


def _probation_reasons(data: dict[str, Any], rules_cache: _Rules) -> list[str]:
    ceremony, voted = data.get("ceremony_date"), data.get("recognition_vote_date")
    if ceremony is None or voted is None:
        return []
    try:
        ends = rules_cache.probation_ends(ceremony)
    except RuleNotInForce as error:
        return [_not_in_force(error)]
    if voted < ends:
        return [_("The recognition vote (%(voted)s) comes before the end of the probation, %(ends)s "
                  "(12 months from the ceremony).") % {"voted": _date(voted), "ends": _date(ends)}]  # fmt: skip
    return []


def _votes_reasons(data: dict[str, Any], reached: list, *, labels: dict[str, str], rules_cache: _Rules) -> list[str]:
    reasons = []
    reached_fields = {name for name, _s, _d in reached}
    for date_field, prefix, _phase, body in CASE_VOTES:
        counts = _vote_counts(data, prefix)
        if counts is None:
            continue
        if date_field not in reached_fields:
            reasons.append(_("%(column)s: a case at this stage has not had this vote yet.")
                           % {"column": labels.get(f"{prefix}_eligible", f"{prefix}_eligible")})  # fmt: skip
            continue
        reasons += rules.vote_count_reasons(**counts)
        day = data.get(date_field)
        if day is None or rules.vote_count_reasons(**counts):
            continue
        try:
            ratio = Fraction(rules_cache(RATIO_RULES[body], day))
        except RuleNotInForce as error:
            reasons.append(_not_in_force(error))
            continue
        if not rules.vote_passes(in_favour=counts["in_favour"], eligible=counts["eligible"], ratio=ratio):
            shown = {"column": labels.get(f"{prefix}_eligible", f"{prefix}_eligible"), "in_favour": counts["in_favour"],
                     "eligible": counts["eligible"], "ratio": f"{ratio.numerator}/{ratio.denominator}"}  # fmt: skip
            reasons.append(_("%(column)s: %(in_favour)s of %(eligible)s in favour is less than %(ratio)s; a case "
                             "past this vote had it pass.") % shown)  # fmt: skip
    return reasons


def _case_deadline(candidacy: Candidacy, data: dict[str, Any]) -> dict:
    """The deadline of the step the case waits for, from the imported dates by the rules in force on them."""
    reached = _steps_reached(candidacy.stage)
    last = max((data[name] for name, _s, _d in reached if data.get(name)), default=timezone.localdate())
    return deadlines.stage_deadline_apply(candidacy=candidacy, on=last)


def _new_case(data: dict[str, Any], *, attempt: int) -> Candidacy:
    reached = _steps_reached(data["stage"])
    last = max((data[name] for name, _s, _d in reached if data.get(name)), default=timezone.localdate())
    fields = {name: data[name] for name in _CASE_FIELDS if data.get(name) not in (None, "")}
    candidacy = Candidacy(person=None, cell=data["cell"], stage=data["stage"], attempt=attempt,
                          proposed_by=data.get("proposed_by", ""), stage_entered_at=_stamp(last), **fields)  # fmt: skip
    if candidacy.admission_decision_date and not candidacy.decision_received_on:
        candidacy.decision_received_on = candidacy.admission_decision_date
    if data.get("recognition_reviewed_on") and not candidacy.recognition_vote_date:
        candidacy.recognition_vote_date = data["recognition_reviewed_on"]
    return candidacy


def _same_case(candidacy: Candidacy, data: dict[str, Any]) -> bool:
    """The open case already holds what the row says (its stage, cell and key dates)."""
    if candidacy.stage != data["stage"] or candidacy.cell_id != data["cell"].pk:
        return False
    return all(getattr(candidacy, name) == data[name] for name in _CASE_FIELDS if data.get(name) not in (None, ""))


@dataclass
class _CasePlan:
    row: Row
    person: Person | None  # None until written: a new person
    person_changes: dict[str, Any]
    case: Candidacy | None  # None: the open case already holds the row
    deadline_rules: dict = field(default_factory=dict)
    existing: bool = False

    @property
    def what(self) -> str:
        if self.case is None:
            return "updated" if self.person_changes else "unchanged"
        return "created"


def _plan_cases(rows: Sequence[Row], *, labels: dict[str, str]) -> list[_CasePlan]:
    rules_cache, paths = _Rules(), _Paths()
    for row in rows:
        row.errors += case_row_reasons(row.data, labels=labels, rules_cache=rules_cache, paths=paths)
    people = _people_by_citizen_id(row.data.get("citizen_id", "") for row in rows)
    open_cases = _open_cases(people.values())
    attempts = Counter(
        Candidacy.objects.filter(person_id__in=[p.pk for p in people.values()]).values_list("person_id", flat=True)
    )
    plans = []
    for row in rows:
        person = people.get(row.data.get("citizen_id", ""))
        unchanged = False
        if person is not None:
            case = open_cases.get(person.pk)
            membership = _membership(person)
            if case is not None:
                unchanged = not row.errors and _same_case(case, row.data)
                if not unchanged:
                    row.errors.append(_("This person already has an open case at the stage “%(stage)s” with other "
                                        "dates; record its steps on the case page.")
                                      % {"stage": case.get_stage_display()})  # fmt: skip
            elif membership is not None and membership.status != MembershipStatus.REMOVED:
                row.errors.append(_("This person is already a party member (%(status)s).")
                                  % {"status": membership.get_status_display()})  # fmt: skip
        if row.errors:
            continue
        plan = _CasePlan(row=row, person=person, existing=person is not None, case=None,
                         person_changes=_person_changes(person, row.data) if person is not None else {})  # fmt: skip
        if not unchanged:
            plan.case = _new_case(row.data, attempt=attempts.get(person.pk, 0) + 1 if person is not None else 1)
            try:
                plan.deadline_rules = _case_deadline(plan.case, row.data)
            except RuleNotInForce as error:
                row.errors.append(_not_in_force(error))
                continue
        plans.append(plan)
    return plans


def cases_check(rows: Sequence[Row], *, labels: dict[str, str] | None = None) -> None:
    """Add to each open-case row the reasons the procedure refuses it."""
    _plan_cases([row for row in rows if not row.errors], labels=labels or {})


def _case_documents(candidacy: Candidacy, data: dict[str, Any], *, actor: User, note: str) -> list[Document]:
    documents = []
    for date_field, _stage, forms in _steps_reached(candidacy.stage):
        if not data.get(date_field):
            continue  # a step of another path through the tree
        for form_code in forms:
            number = data.get("admission_decision_number", "") if form_code == FormCode.ADMISSION_DECISION else ""
            documents.append(Document(candidacy=candidacy, form_code=form_code, issued_on=data[date_field],
                                      number=number, note=note, action=IMPORT, uploaded_by=actor))  # fmt: skip
    return documents


def _case_votes(candidacy: Candidacy, data: dict[str, Any], *, actor: User, rules_cache: _Rules) -> list[Vote]:
    votes = []
    reached = {name for name, _s, _d in _steps_reached(candidacy.stage)}
    for date_field, prefix, phase, body in CASE_VOTES:
        counts = _vote_counts(data, prefix)
        if counts is None or date_field not in reached:
            continue
        ratio = Fraction(rules_cache(RATIO_RULES[body], data[date_field]))
        votes.append(Vote(
            candidacy=candidacy, phase=phase, body=body, meeting_date=data[date_field], eligible=counts["eligible"],
            present=counts["present"], in_favour=counts["in_favour"], against=counts["against"],
            method=VoteMethod.SECRET_BALLOT, attempt=1, ratio=f"{ratio.numerator}/{ratio.denominator}",
            passed=True, recorded_by=actor,
        ))  # fmt: skip
    return votes


def _case_entries(candidacy: Candidacy, *, row: Row, actor: User, source: str, deadline_rules: dict,
                  documents: list[Document], votes: list[Vote]) -> list[TransitionLog]:  # fmt: skip
    """One "imported" entry at the current stage; a case past its admission also gets one at the decision."""
    note = _("Imported from %(file)s, row %(row)s.") % {"file": source, "row": row.number}
    dates = {name: row.data[name].isoformat() for name, _s, _d in _steps_reached(candidacy.stage) if row.data.get(name)}
    entries = []
    previous = ""
    if candidacy.admission_decision_date and candidacy.stage != Stage.ADMISSION_DECIDED:
        entries.append(TransitionLog(
            candidacy=candidacy, action=IMPORT, from_stage="", to_stage=Stage.ADMISSION_DECIDED, actor=actor,
            event_date=candidacy.admission_decision_date, cell=candidacy.cell, note=note,
            evidence={"file": source, "row": row.number},
        ))  # fmt: skip
        previous = Stage.ADMISSION_DECIDED
    last = max((datetime.date.fromisoformat(day) for day in dates.values()), default=timezone.localdate())
    entries.append(TransitionLog(
        candidacy=candidacy, action=IMPORT, from_stage=previous, to_stage=candidacy.stage, actor=actor,
        event_date=last, due_on=candidacy.stage_due_on, cell=candidacy.cell, note=note,
        evidence={"file": source, "row": row.number, "dates": dates, "documents": [d.pk for d in documents],
                  "votes": [v.pk for v in votes]},
        rules=deadline_rules,
    ))  # fmt: skip
    return entries


def cases_import(*, rows: Sequence[Row], actor: User, source: str) -> ImportOutcome:
    """Bring open cases in at their current stage, all or nothing (``ImportRefused``).

    Side effects: people, cases, their documents and votes, one "imported" entry each (two past the
    admission decision); person corrections for changed details of people already registered.
    """
    outcome = ImportOutcome()
    with transaction.atomic():
        plans = _plan_cases(rows, labels={})
        if any(row.errors for row in rows):
            raise ImportRefused(rows)
        _check_scope(actor, [plan.row.data["cell"] for plan in plans])
        reason = _("Imported from %(file)s.") % {"file": source}
        new_people = [plan for plan in plans if plan.person is None]
        for chunk in _chunks(new_people):
            created = Person.objects.bulk_create([_new_person(plan.row.data) for plan in chunk])
            for plan, person in zip(chunk, created, strict=True):
                plan.person = person
        rules_cache = _Rules()
        for plan in plans:
            assert plan.person is not None
            if plan.person_changes:
                person_update(actor=actor, person=plan.person, data=plan.person_changes, reason=reason)
            if plan.case is not None:
                _write_case(plan, actor=actor, source=source, rules_cache=rules_cache)
            outcome.count(plan.what, plan.row)
    return outcome


def _write_case(plan: _CasePlan, *, actor: User, source: str, rules_cache: _Rules) -> None:
    assert plan.person is not None and plan.case is not None
    data, candidacy, used = plan.row.data, plan.case, plan.deadline_rules
    candidacy.person = plan.person
    candidacy.save()
    note = _("Imported from %(file)s, row %(row)s.") % {"file": source, "row": plan.row.number}
    documents = Document.objects.bulk_create(_case_documents(candidacy, data, actor=actor, note=note))
    votes = Vote.objects.bulk_create(_case_votes(candidacy, data, actor=actor, rules_cache=rules_cache))
    _bulk_log(_case_entries(candidacy, row=plan.row, actor=actor, source=source,
                                                    deadline_rules=used, documents=documents, votes=votes))  # fmt: skip


__all__ = ["ImportOutcome", "ImportRefused", "cases_check", "cases_import", "roll_check", "roll_import"]

"""Guards of the procedure: small pure functions that say why a step may not happen yet.

Each guard takes the candidacy and a ``RuleReader`` and returns a list of translated reasons; an
empty list means the guard passes. The reader reads every number from the rulebook as in force on
ONE date, the date of the event being judged (the cell meeting for age, certificate and documents;
the decision date for decisions), and remembers what it read, so the service can store the values
in ``TransitionLog.rules``: a rule edited later never changes a recorded decision.

``applies`` says whether a transition belongs to this case's path through the organisation tree
at all (a partial committee exists, the grassroots committee decides itself, ...): an action that
does not apply is not offered, whereas an action whose guards fail is offered with its reasons.

This module must not import ``workflows.models`` at import time (the model imports it).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partycell.organisations.authority import NoCompetentCommittee, ReviewPath
from partycell.organisations.models import Unit
from partycell.people.choices import EDUCATION_RANK, EducationLevel
from partycell.people.models import Membership, Person
from partycell.rulebook.calendar import add_months, working_days_between
from partycell.rulebook.models import Rule, RuleValue, canonical_rule_value
from partycell.rulebook.selectors import RuleNotInForce, versions_in_force
from workflows.enums import (
    OPEN,
    Action,
    EducationException,
    FormCode,
    MentorKind,
    OrganisationIntroduction,
    Phase,
    Stage,
    TogetherBy,
)

if TYPE_CHECKING:
    from workflows.models import Candidacy, Document, Mentorship

Guard = Callable[["Candidacy", "RuleReader"], list[str]]
Applies = Callable[["Candidacy", datetime.date], bool]


class Reason(str):
    """A translated reason a step is blocked, and what would lift it.

    ``remedy`` is ``(action, params)``: the keep-stage action that adds what is missing (e.g.
    ``("document_add", {"form_code": "2-KNĐ"})``), so the pages can link to it. ``waiting`` marks a
    reason only time lifts (the probation has not ended): such a step waits on nobody yet.
    """

    remedy: tuple[str, dict[str, str]] | None
    waiting: bool

    def __new__(cls, text: str, *, remedy: tuple[str, dict[str, str]] | None = None, waiting: bool = False) -> Reason:
        reason = super().__new__(cls, text)
        reason.remedy = remedy
        reason.waiting = waiting
        return reason


def _add_document(code: str) -> tuple[str, dict[str, str]]:
    return ("document_add", {"form_code": str(code)})


_ASSIGN_INTRODUCER = ("mentor_assign", {"kind": MentorKind.INTRODUCER.value})


# The rule versions in force per date, read once per step (``step_snapshot``); None outside a step.
_versions_of_step: contextvars.ContextVar[dict[datetime.date, dict[str, Rule]] | None] = contextvars.ContextVar(
    "versions_of_step", default=None
)


def _as_date(on: datetime.date) -> datetime.date:
    if isinstance(on, datetime.datetime):
        return timezone.localdate(on) if timezone.is_aware(on) else on.date()
    return on


def _versions_in_force(on: datetime.date) -> dict[str, Rule]:
    """Every rule's version in force on ``on``, in one query (the rulebook holds a few dozen rules), or
    none inside a ``rulebook.selectors.rules_loaded()`` block; chosen as every lookup chooses it."""
    shared = _versions_of_step.get()
    if shared is not None and on in shared:
        return shared[on]
    versions = versions_in_force(on)
    if shared is not None:
        shared[on] = versions
    return versions


@contextlib.contextmanager
def step_snapshot() -> Iterator[None]:
    """Within one step (a service call), every ``RuleReader`` of the same date reads the rulebook once."""
    if _versions_of_step.get() is not None:
        yield
        return
    token = _versions_of_step.set({})
    try:
        yield
    finally:
        _versions_of_step.reset(token)


class RuleReader:
    """Reads rule values in force on one date and remembers each version it read.

    The versions in force that day are read in one query, on the first rule asked for."""

    def __init__(self, on: datetime.date) -> None:
        self.on = on
        self.used: dict[str, dict[str, str]] = {}
        self._values: dict[str, RuleValue] = {}
        self._versions: dict[str, Rule] | None = None

    def __call__(self, rule_id: str) -> RuleValue:
        """The typed value of ``rule_id`` in force on ``self.on``; raises ``RuleNotInForce``."""
        if rule_id not in self._values:
            day = _as_date(self.on)
            if self._versions is None:
                self._versions = _versions_in_force(day)
            rule = self._versions.get(rule_id)
            if rule is None:
                raise RuleNotInForce(rule_id, day)
            self._values[rule_id] = rule.typed_value
            self.used[rule_id] = {
                "value": canonical_rule_value(rule.typed_value),
                "regulation": rule.regulation,
                "effective_from": rule.effective_from.isoformat(),
                "on": self.on.isoformat(),
            }
        return self._values[rule_id]

    def integer(self, rule_id: str) -> int:
        """``self(rule_id)`` for a whole-number rule (months, days, counts)."""
        value = self(rule_id)
        if not isinstance(value, int):
            raise TypeError(f"Rule {rule_id} is {value!r}, not a whole number.")
        return value

    def ratio(self, rule_id: str) -> Fraction:
        """``self(rule_id)`` for a vote-ratio rule, as an exact fraction."""
        value = self(rule_id)
        if isinstance(value, bool) or not isinstance(value, int | Fraction):
            raise TypeError(f"Rule {rule_id} is {value!r}, not a ratio.")
        return Fraction(value)

    def text(self, rule_id: str) -> str:
        """``self(rule_id)`` for a text rule (an education level, a voting body)."""
        value = self(rule_id)
        if not isinstance(value, str):
            raise TypeError(f"Rule {rule_id} is {value!r}, not a text.")
        return value


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class CaseFile:
    """One case's documents, mentorships and its mentors' memberships, each read once (three queries) for
    one judgement (``case_file_snapshot``): the guards of a step ask them many times."""

    def __init__(self, candidacy: Candidacy) -> None:
        from workflows.models import Document, Mentorship

        self.documents: list[Document] = list(
            Document.objects.filter(candidacy_id=candidacy.pk).order_by("-issued_on", "-id")
        )
        self.mentorships: list[Mentorship] = list(
            Mentorship.objects.filter(candidacy_id=candidacy.pk).select_related("mentor", "replaces")
        )
        self._memberships: dict[int, Membership] | None = None

    def membership_of(self, person_id: int) -> Membership | None:
        if self._memberships is None:
            mentors = {row.mentor_id for row in self.mentorships}
            self._memberships = {row.person_id: row for row in Membership.objects.filter(person_id__in=mentors)}
        if person_id not in self._memberships:
            # Not a mentor of the case: asked alone, as outside a snapshot.
            return Membership.objects.filter(person_id=person_id).first()
        return self._memberships[person_id]


# The case files read during one judgement, by candidacy id; None outside ``case_file_snapshot``.
_case_files: contextvars.ContextVar[dict[int, CaseFile] | None] = contextvars.ContextVar("case_files", default=None)


@contextlib.contextmanager
def case_file_snapshot() -> Iterator[None]:
    """While the guards judge (nothing is written meanwhile), read each case's evidence once."""
    if _case_files.get() is not None:
        yield
        return
    token = _case_files.set({})
    try:
        yield
    finally:
        _case_files.reset(token)


def case_file(candidacy: Candidacy) -> CaseFile | None:
    """The snapshot of this case's evidence, or None outside ``case_file_snapshot`` (then ask the database)."""
    files = _case_files.get()
    if files is None or candidacy.pk is None:
        return None
    if candidacy.pk not in files:
        files[candidacy.pk] = CaseFile(candidacy)
    return files[candidacy.pk]


def _read_case_file(candidacy_id: int) -> CaseFile | None:
    """The snapshot already read for this case in the current judgement, if any."""
    files = _case_files.get()
    return None if files is None else files.get(candidacy_id)


def _documents(candidacy: Candidacy, code: str, *, on: datetime.date) -> list[Document]:
    """Documents of ``code`` issued on or before ``on``, newest first."""
    if candidacy.pk is None:
        return []
    snapshot = case_file(candidacy)
    if snapshot is not None:
        return [row for row in snapshot.documents if row.form_code == code and row.issued_on <= on]
    return list(candidacy.documents.filter(form_code=code, issued_on__lte=on).order_by("-issued_on", "-id"))


def _latest(candidacy: Candidacy, code: str, *, on: datetime.date) -> Document | None:
    found = _documents(candidacy, code, on=on)
    return found[0] if found else None


def _membership(person: Person, snapshot: CaseFile | None = None) -> Membership | None:
    if snapshot is not None:
        return snapshot.membership_of(person.pk)
    return Membership.objects.filter(person=person).first()


def _is_official_on(person: Person, day: datetime.date, snapshot: CaseFile | None = None) -> bool:
    membership = _membership(person, snapshot)
    return membership is not None and membership.was_official_on(day)


def _mentorships(candidacy: Candidacy, kinds: set[str]) -> list[Mentorship]:
    """The case's mentorships of ``kinds``, with the mentor (and the introducer replaced)."""
    snapshot = case_file(candidacy)
    if snapshot is not None:
        return [row for row in snapshot.mentorships if row.kind in kinds]
    return list(candidacy.mentorships.filter(kind__in=kinds).select_related("mentor", "replaces"))


def _active_mentorships(candidacy: Candidacy, kinds: set[str], *, on: datetime.date) -> list[Mentorship]:
    if candidacy.pk is None:
        return []
    return [row for row in _mentorships(candidacy, kinds) if row.is_active_on(on)]


def _has_provincial_consent(candidacy: Candidacy, *, on: datetime.date) -> bool:
    return _latest(candidacy, FormCode.PROVINCIAL_CONSENT, on=on) is not None


def _consent_missing(why: str) -> Reason:
    return Reason(
        _("%(why)s: the provincial standing committee's written consent must be recorded first.") % {"why": why},
        remedy=_add_document(FormCode.PROVINCIAL_CONSENT),
    )


# --- Votes -------------------------------------------------------------------------------------------


def card_date_reasons(
    *, recognised: datetime.date | None, issued_on: datetime.date | None, decision_date: datetime.date | None
) -> dict[str, list[str]]:
    """The party card's dates (B13): issued to an official member after recognition, by a decision that
    comes first. Field name ("issued_on", "decision_date") -> reasons; the card service and the roll
    import both ask here."""
    found: dict[str, list[str]] = {}
    if recognised is not None and decision_date is not None and decision_date < recognised:
        found.setdefault("decision_date", []).append(
            _("The card-issue decision (%(decided)s) cannot come before recognition (%(recognised)s).")
            % {"decided": _date(decision_date), "recognised": _date(recognised)}
        )
    if recognised is not None and issued_on is not None and issued_on < recognised:
        found.setdefault("issued_on", []).append(
            _("The party card (%(issued)s) cannot be issued before recognition (%(recognised)s).")
            % {"issued": _date(issued_on), "recognised": _date(recognised)}
        )
    if decision_date is not None and issued_on is not None and issued_on < decision_date:
        found.setdefault("issued_on", []).append(
            _("The party card (%(issued)s) cannot be dated before the decision that issues it (%(decided)s).")
            % {"issued": _date(issued_on), "decided": _date(decision_date)}
        )
    return found


def vote_count_reasons(*, in_favour: int, against: int, present: int, eligible: int) -> list[str]:
    """Ballots must add up: in favour + against <= present <= entitled to vote."""
    reasons = []
    if in_favour + against > present:
        reasons.append(_("Votes in favour and against (%(votes)s) exceed the members present (%(present)s).")
                       % {"votes": in_favour + against, "present": present})  # fmt: skip
    if present > eligible:
        reasons.append(_("Members present (%(present)s) exceed the members entitled to vote (%(eligible)s).")
                       % {"present": present, "eligible": eligible})  # fmt: skip
    if eligible == 0:
        reasons.append(_("A vote needs at least one member entitled to vote."))
    return reasons


def vote_passes(*, in_favour: int, eligible: int, ratio: Fraction) -> bool:
    """At least ``ratio`` of the members entitled to vote (not of those present) approve: exact arithmetic."""
    return eligible > 0 and Fraction(in_favour) >= ratio * eligible


def max_failed_votes(action: str, rules: RuleReader) -> int:
    """Failed votes after which the case goes to the superior committee. A failed cell vote on admission
    is reported upward after ``vote.admission_revotes_before_report`` re-votes (A9, 2A: none); the
    other votes after ``vote.max_failed_attempts`` (the deadlock rule, B12)."""
    if action == Action.CELL_VOTE:
        return rules.integer("vote.admission_revotes_before_report") + 1
    return rules.integer("vote.max_failed_attempts")


def vote_proposes_removal(*, against: int, eligible: int, rules: RuleReader) -> bool:
    """At least ``recognition.removal_ratio_against`` of the official members voted against recognition:
    the cell's vote is a proposal to remove (B7, 2B)."""
    return vote_passes(in_favour=against, eligible=eligible, ratio=rules.ratio("recognition.removal_ratio_against"))


def vote_transition_kwargs(action: str, *, passed: bool, against: int, eligible: int, rules: RuleReader) -> dict:
    """What a recorded vote tells the transition: passed, after how many failures it escalates, and for
    the recognition vote whether it proposes removal."""
    kwargs: dict = {"passed": passed, "max_failed": max_failed_votes(action, rules)}
    if action == Action.RECOGNITION_VOTE and not passed:
        kwargs["proposes_removal"] = vote_proposes_removal(against=against, eligible=eligible, rules=rules)
    return kwargs


# --- Admission guards ----------------------------------------------------------------------------------


def age_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """18 to 60 at the cell meeting, counted in whole months; over 60 only with provincial consent."""
    person = candidacy.person
    months = person.age_in_months_on(rules.on)
    age = {"name": person.full_name, "years": months // 12, "months": months % 12, "date": _date(rules.on)}
    if months < rules.integer("age.min_months"):
        return [_("%(name)s is %(years)s years %(months)s months old on %(date)s: under the minimum age.") % age]
    over_max = over_max_age(person, rules.on, rules)
    if over_max and rules("over60.requires_provincial_consent") and not _has_provincial_consent(candidacy, on=rules.on):
        return [_consent_missing(_("%(name)s is %(years)s years %(months)s months old on %(date)s") % age)]
    return []


def over_max_age(person: Person, day: datetime.date, rules: RuleReader) -> bool:
    """Over the maximum age (60) on ``day``, counted as the rulebook says (``age.max_counted_by``): by
    month since 29-QĐ/TW (2016), by calendar year (year of ``day`` minus year of birth) under 01-HD/TW (2012)."""
    maximum = rules.integer("age.max_months")
    if rules.text("age.max_counted_by") == "years":
        return day.year - person.date_of_birth.year > maximum // 12
    return person.age_in_months_on(day) > maximum


def education_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """Lower secondary, or a recorded exception: primary in difficult areas, literate-only with consent."""
    level = EDUCATION_RANK[candidacy.person.education_level]
    if level >= EDUCATION_RANK[rules.text("education.min_level")]:
        return []
    exception = candidacy.education_exception
    if exception == EducationException.DIFFICULT_AREA:
        if level >= EDUCATION_RANK[rules.text("education.exception_min_level")]:
            return []
        return [_("Even in a difficult area the minimum is %(level)s.")
                % {"level": EducationLevel(rules.text("education.exception_min_level")).label}]  # fmt: skip
    if exception == EducationException.EQUIVALENT:
        if rules("education.equivalent_accepted"):
            return []
        return [_("An education equivalent to %(level)s is not accepted under %(regulation)s (in force on %(date)s).")
                % {"level": EducationLevel(rules.text("education.min_level")).label, "date": _date(rules.on),
                   "regulation": rules.used["education.equivalent_accepted"]["regulation"]}]  # fmt: skip
    if exception == EducationException.LITERATE_ONLY:
        needs_consent = rules("education.literate_only_requires_provincial_consent")
        if needs_consent and not _has_provincial_consent(candidacy, on=rules.on):
            return [_consent_missing(_("Literate-only admission"))]
        return []
    return [_("General education below %(level)s and no education exception is recorded.")
            % {"level": EducationLevel(rules.text("education.min_level")).label}]  # fmt: skip


def introducer_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """Two official members, or a Youth Union / trade-union resolution plus one official member (A7).

    Only introducers still assigned count: one who left or was replaced blocks nothing. Enough qualified
    introducers suffice: a recorded introducer who does not qualify is named only when too few do.
    Where the rulebook requires it, an applicant of Youth Union age in a unit with a grassroots Youth
    Union is introduced by the Youth Union's resolution (``youth_union_path_reasons``).
    """
    introducers = _introducers_counted(candidacy, on=rules.on)
    problems: list[str] = []
    qualified = 0
    for row in introducers:
        problem = _introducer_problem(row, rules)
        if problem:
            problems.append(problem)
        else:
            qualified += 1
    reasons: list[str] = []
    organisation = next((row.organisation_introduction for row in introducers if row.organisation_introduction), "")
    if organisation:
        reasons += _organisation_reasons(candidacy, organisation, on=rules.on)
        required = rules.integer("introducer.count_with_organisation")
    else:
        required = rules.integer("introducer.count_without_organisation")
    reasons += youth_union_path_reasons(candidacy, organisation, rules)
    if qualified < required:
        reasons += problems
        reasons.append(_("%(required)s qualified introducer(s) are needed; %(qualified)s recorded.")
                       % {"required": required, "qualified": qualified})  # fmt: skip
    return [reason if isinstance(reason, Reason) else Reason(reason, remedy=_ASSIGN_INTRODUCER) for reason in reasons]


def _introducers_counted(candidacy: Candidacy, *, on: datetime.date) -> list[Mentorship]:
    """Introducers assigned on ``on``, less those a replacement assigned by then stands in for (one query)."""
    if candidacy.pk is None:
        return []
    rows = _mentorships(candidacy, {MentorKind.INTRODUCER})
    replaced = {row.replaces_id for row in rows if row.replaces_id and row.assigned_on <= on}
    return [row for row in rows if row.is_active_on(on) and row.pk not in replaced]


def replacement_exempt(row: Mentorship) -> bool:
    """A replacement is exempt from the months together only when it replaces a recorded introducer of the
    same case whose assignment ended, with its reason, by the day the replacement was assigned (A7)."""
    replaced = row.replaces
    return (
        row.is_replacement
        and replaced is not None
        and replaced.candidacy_id == row.candidacy_id
        and replaced.kind == MentorKind.INTRODUCER
        and replaced.ended_on is not None
        and replaced.ended_on <= row.assigned_on
        and bool(replaced.reason.strip())
    )


def _introducer_problem(row: Mentorship, rules: RuleReader) -> Reason | None:
    """Why one introducer does not qualify on the reader's date, or None."""
    mentor = {"name": row.mentor.full_name}
    # A wrong assignment is lifted by ending (or replacing) that assignment, not by adding another.
    end_it = ("mentor_end", {"mentorship": str(row.pk)})
    if not _is_official_on(row.mentor, rules.on, _read_case_file(row.candidacy_id)):
        return Reason(_("Introducer %(name)s is not an official party member.") % mentor, remedy=end_it)
    if replacement_exempt(row):
        return None
    required = rules.integer("introducer.min_months_together")
    if (row.months_together or 0) < required:
        if row.is_replacement:
            return Reason(_("Introducer %(name)s is recorded as a replacement but replaces no introducer who left "
                            "with a recorded reason: the %(months)s months together apply.")
                          % {**mentor, "months": required}, remedy=end_it)  # fmt: skip
        return Reason(_("Introducer %(name)s has not been together with the applicant for %(months)s months.")
                      % {**mentor, "months": required}, remedy=end_it)  # fmt: skip
    if row.together_by == TogetherBy.RESIDENCE and not rules("introducer.residence_counts"):
        return Reason(_("Introducer %(name)s lived in the same place as the applicant: under %(regulation)s (in force "
                        "on %(date)s) only working, labouring or studying together counts.")
                      % {**mentor, "date": _date(rules.on),
                         "regulation": rules.used["introducer.residence_counts"]["regulation"]},
                      remedy=end_it)  # fmt: skip
    return None


def has_grassroots_youth_union(candidacy: Candidacy) -> bool:
    """A grassroots Youth Union works in the applicant's cell or in the grassroots organisation above it."""
    cell = candidacy.cell
    if cell.has_grassroots_youth_union:
        return True
    ancestors = Unit.objects.get_ancestors(cell).filter(has_grassroots_youth_union=True)
    return ancestors.filter(Q(kind__is_grassroots=True) | Q(kind__is_partial_committee=True)).exists()


def youth_union_path_reasons(candidacy: Candidacy, organisation: str, rules: RuleReader) -> list[str]:
    """A7 (b): an applicant of Youth Union age where a grassroots Youth Union exists is introduced by the
    Youth Union's resolution plus one party member, where ``introducer.youth_union_path_required`` says so."""
    # The unit first: where no grassroots Youth Union exists the rules do not apply (and are not read).
    if organisation == OrganisationIntroduction.YOUTH_UNION or not has_grassroots_youth_union(candidacy):
        return []
    if not rules("introducer.youth_union_path_required"):
        return []
    person = candidacy.person
    if person.age_in_months_on(rules.on) >= rules.integer("introducer.youth_union_age_below_months"):
        return []
    return [Reason(
        _("%(name)s is of Youth Union age and a grassroots Youth Union exists: the Youth Union's resolution (4-KNĐ) "
          "and one party member introduce.") % {"name": person.full_name}, remedy=_ASSIGN_INTRODUCER)]  # fmt: skip


def _organisation_reasons(candidacy: Candidacy, organisation: str, *, on: datetime.date) -> list[str]:
    reasons = []
    person = candidacy.person
    if organisation == OrganisationIntroduction.YOUTH_UNION and not person.is_youth_union_member:
        reasons.append(_("Only a Youth Union member can be introduced by the Youth Union."))
    if organisation == OrganisationIntroduction.TRADE_UNION and not person.is_trade_union_member:
        reasons.append(_("Only a trade-union member can be introduced by the trade union."))
    # The resolution itself (4-KNĐ, 4A-KNĐ) is a requirement of the document catalogue.
    return reasons


def mentor_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """Helpers assigned by the cell are official members (A3, B2)."""
    helpers = _active_mentorships(candidacy, {MentorKind.HELPER, MentorKind.PROBATION_HELPER}, on=rules.on)
    return [
        _("Helper %(name)s is not an official party member.") % {"name": row.mentor.full_name}
        for row in helpers
        if not _is_official_on(row.mentor, rules.on, case_file(candidacy))
    ]


def mentor_assignment_reasons(mentor: Person, *, on: datetime.date) -> list[str]:
    """Only an official member may help or introduce."""
    if _is_official_on(mentor, on):
        return []
    return [_("%(name)s is not an official party member on %(date)s.") % {"name": mentor.full_name, "date": _date(on)}]


def readmission_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """Readmission: at least 36 months since leaving; for a person once convicted of a less serious
    crime, at least 60 months after the record was cleared (``Candidacy.record_cleared_on``); and only
    once (domain.md 2C).

    The "never readmitted" grounds are not recorded in PartyCell: the cell checks them on paper.
    """
    if not candidacy.is_readmission:
        return []
    from workflows.models import Candidacy as CandidacyModel

    membership = Membership.objects.filter(person=candidacy.person).first()
    if membership is None or membership.left_on is None:
        return [_("A readmission needs the date the person left the Party on the membership roll.")]
    reasons = []
    earliest = add_months(membership.left_on, rules.integer("readmission.min_months_since_leaving"))
    if rules.on < earliest:
        reasons.append(_("Readmission is possible from %(date)s.") % {"date": _date(earliest)})
    if candidacy.record_cleared_on is not None:
        months = rules.integer("readmission.min_months_after_record_cleared")
        after_record = add_months(candidacy.record_cleared_on, months)
        if rules.on < after_record:
            reasons.append(_("The criminal record was cleared on %(cleared)s: readmission is possible from %(date)s.")
                           % {"cleared": _date(candidacy.record_cleared_on), "date": _date(after_record)})  # fmt: skip
    earlier = (
        CandidacyModel.objects.filter(person=candidacy.person, is_readmission=True)
        .exclude(pk=candidacy.pk).exclude(admission_decision_date__isnull=True).count()
    )  # fmt: skip
    if earlier >= rules.integer("readmission.max_times"):
        reasons.append(_("This person has already been readmitted once."))
    return reasons


def paused_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """The superior committee paused the admission after a failed vote (2A): the cell votes again from
    the day it set."""
    until = candidacy.paused_until
    if until is not None and rules.on < until:
        return [Reason(_("The superior committee paused the admission until %(date)s.") % {"date": _date(until)},
                       waiting=True)]  # fmt: skip
    return []


def not_paused_q(on: datetime.date) -> Q:
    """``paused_reasons`` as a filter: cases the cell may vote on by ``on``."""
    return Q(paused_until__isnull=True) | Q(paused_until__lte=on)


def not_in_future_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    if rules.on > timezone.localdate():
        return [_("The date %(date)s is in the future.") % {"date": _date(rules.on)}]
    return []


def answered_resolution_date(candidacy: Candidacy) -> datetime.date | None:
    """The date of the last resolution a decision answers: the latest vote, or the cell's resolution."""
    dates = [d for d in (candidacy.cell_resolution_date, candidacy.recognition_vote_date) if d]
    if candidacy.pk is not None:
        last_vote = candidacy.votes.order_by("-meeting_date").values_list("meeting_date", flat=True).first()
        if last_vote:
            dates.append(last_vote)
    return max(dates, default=None)


def decision_date_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """A decision is dated on or after the resolution it answers, and not in the future."""
    reasons = not_in_future_reasons(candidacy, rules)
    resolution = answered_resolution_date(candidacy)
    if resolution and rules.on < resolution:
        reasons.append(
            _("The decision cannot be dated before the resolution of %(date)s.") % {"date": _date(resolution)}
        )
    return reasons


def decision_received_reasons(*, received_on: datetime.date | None, decided_on: datetime.date | None) -> list[str]:
    """A decision is received on or after the day it is dated."""
    if received_on and decided_on and received_on < decided_on:
        return [_("The decision cannot be received before it is dated (%(date)s).") % {"date": _date(decided_on)}]
    return []


def provincial_consent_grounds(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """Why this admission needs the provincial standing committee's written consent (2C, 2D): over 60
    at the cell meeting, literate only, readmission, each as the rulebook says on the reader's date."""
    meeting = candidacy.cell_resolution_date or rules.on
    grounds: list[str] = []
    if over_max_age(candidacy.person, meeting, rules) and rules("over60.requires_provincial_consent"):
        grounds.append(_("Over 60"))
    if candidacy.education_exception == EducationException.LITERATE_ONLY and rules(
        "education.literate_only_requires_provincial_consent"
    ):
        grounds.append(_("Literate-only admission"))
    if candidacy.is_readmission and rules("readmission.requires_provincial_consent"):
        grounds.append(_("Readmission"))
    return grounds


def consent_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """Provincial consent dated on or before the decision, where ``provincial_consent_grounds`` need it."""
    if _has_provincial_consent(candidacy, on=rules.on):
        return []
    return [_consent_missing(why) for why in provincial_consent_grounds(candidacy, rules)]


# --- Probation and recognition guards ----------------------------------------------------------------


def ceremony_date_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    reasons = not_in_future_reasons(candidacy, rules)
    decided = candidacy.admission_decision_date
    if decided and rules.on < decided:
        reasons.append(_("The ceremony cannot be held before the decision of %(date)s.") % {"date": _date(decided)})
    return reasons


def ceremony_lateness_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """A ceremony later than its deadline (A13): the reason is recorded on the ceremony record; more than
    ``ceremony.late_without_approval_working_days`` late, the direct superior committee's written approval
    is recorded too (``VB-CT``, filed with the ceremony or before it)."""
    due = candidacy.stage_due_on
    if due is None or rules.on <= due:
        return []
    late = working_days_between(due, rules.on)
    if late <= 0:
        return []
    reasons: list[str] = []
    late_by = {"days": late, "date": _date(due)}
    record = _latest(candidacy, FormCode.CEREMONY_RECORD, on=rules.on)
    if record is None or not record.note.strip():
        reasons.append(_("The ceremony is %(days)s working day(s) after its deadline of %(date)s: record the reason "
                         "for the delay.") % late_by)  # fmt: skip
    limit = rules.integer("ceremony.late_without_approval_working_days")
    if late > limit and _latest(candidacy, FormCode.SUPERIOR_APPROVAL, on=rules.on) is None:
        reasons.append(Reason(
            _("The ceremony is %(days)s working day(s) after its deadline of %(date)s, more than %(limit)s: the "
              "direct superior committee's written approval must be recorded.") % {**late_by, "limit": limit},
            remedy=_add_document(FormCode.SUPERIOR_APPROVAL)))  # fmt: skip
    return reasons


def removal_resolution_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """The competent committee removes a probationary member on the cell's resolution (2B): the cell's
    vote proposing removal (two thirds against recognition), or a cell resolution filed during probation;
    after a deadlock referred upward (B12) the superior decides. ``removal.requires_cell_resolution``
    false lets the committee remove without one."""
    if candidacy.stage in (Stage.REMOVAL_PROPOSED, Stage.ESCALATED):
        return []
    if not rules("removal.requires_cell_resolution"):
        return []
    start = candidacy.ceremony_date or candidacy.admission_decision_date
    resolution = _latest(candidacy, FormCode.CELL_MINUTES, on=rules.on)
    if resolution is not None and start is not None and resolution.issued_on >= start:
        return []
    return [Reason(_("The cell's resolution proposing removal must be recorded first (%(regulation)s).")
                   % {"regulation": rules.used["removal.requires_cell_resolution"]["regulation"]},
                   remedy=_add_document(FormCode.CELL_MINUTES))]  # fmt: skip


def probation_elapsed_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """The cell considers recognition only after the 12 months of probation (B7)."""
    ends = candidacy.probation_ends_on
    if ends is None or rules.on < ends:
        return [Reason(_("The probation ends on %(date)s; the cell cannot vote on recognition before then.")
                       % {"date": _date(ends) if ends else "?"}, waiting=True)]  # fmt: skip
    return []


def overdue_q(today: datetime.date) -> Q:
    """THE definition of overdue: the case is open and its current step's stored due date has passed."""
    return Q(stage__in=sorted(OPEN), stage_due_on__lt=today)


class CurrentStep(Protocol):
    """What ``is_overdue`` reads of a case: a ``Candidacy``, or a row of its values."""

    @property
    def stage(self) -> str: ...

    @property
    def stage_due_on(self) -> datetime.date | None: ...


def is_overdue(candidacy: CurrentStep, today: datetime.date) -> bool:
    """``overdue_q`` for one case in memory."""
    return candidacy.stage in OPEN and candidacy.stage_due_on is not None and candidacy.stage_due_on < today


def probation_elapsed_q(on: datetime.date) -> Q:
    """``probation_elapsed_reasons`` as a filter: cases whose probation has ended by ``on``."""
    return Q(probation_ends_on__lte=on)


def probation_helper_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
    """An official member is assigned to help the probationary member (A13, B2), unless the rulebook
    relaxes it (``recognition.requires_probation_helper``)."""
    if not rules("recognition.requires_probation_helper"):
        return []
    if _active_mentorships(candidacy, {MentorKind.PROBATION_HELPER}, on=rules.on):
        return []
    return [Reason(_("No party member is assigned to help the probationary member."),
                   remedy=("mentor_assign", {"kind": MentorKind.PROBATION_HELPER.value}))]  # fmt: skip


# --- Which transitions belong to this case's path ------------------------------------------------------


def _path(candidacy: Candidacy, on: datetime.date) -> ReviewPath | None:
    try:
        return candidacy.review_path(on=on)
    except NoCompetentCommittee:
        return None


def _grassroots_reviews(path: ReviewPath | None) -> bool:
    """A grassroots committee sits between the cell and the decider and must vote first."""
    return path is not None and path.grassroots_committee is not None and not path.grassroots_decides


def always_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    return True


def partial_appraisal_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    path = _path(candidacy, on)
    return path is not None and path.partial_committee is not None


def _grassroots_decides(path: ReviewPath | None) -> bool:
    """A grassroots committee delegated to decide: it records its own vote before its decision (A10b, 3.3)."""
    return path is not None and path.grassroots_committee is not None and path.grassroots_decides


def admission_decision_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    stage = candidacy.stage
    if stage == Stage.ESCALATED:
        return candidacy.escalated_phase == Phase.ADMISSION
    path = _path(candidacy, on)
    if stage == Stage.CELL_APPROVED:
        return (
            (path is None or path.partial_committee is None) and not _grassroots_reviews(path)
            and not _grassroots_decides(path)
        )  # fmt: skip
    if stage == Stage.PARTIAL_APPRAISED:
        return not _grassroots_reviews(path) and not _grassroots_decides(path)
    return True


def delegated_admission_vote_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    path = _path(candidacy, on)
    if not _grassroots_decides(path):
        return False
    assert path is not None  # _grassroots_decides
    return candidacy.stage != Stage.CELL_APPROVED or path.partial_committee is None


def delegated_recognition_vote_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    return _grassroots_decides(_path(candidacy, on))


def admission_refusal_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    """The competent committee refuses where it decides, and a delegated committee also after its own vote."""
    return admission_decision_applies(candidacy, on) or delegated_admission_vote_applies(candidacy, on)


def escalated_in_admission(candidacy: Candidacy, on: datetime.date) -> bool:
    """A failed admission vote reported upward: the superior committee lets the cell vote again or pauses."""
    return candidacy.stage == Stage.ESCALATED and candidacy.escalated_phase == Phase.ADMISSION


def grassroots_vote_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    path = _path(candidacy, on)
    if path is None or not _grassroots_reviews(path):
        return False
    return candidacy.stage != Stage.CELL_APPROVED or path.partial_committee is None


def recognition_review_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    return _grassroots_reviews(_path(candidacy, on))


def recognition_decision_applies(candidacy: Candidacy, on: datetime.date) -> bool:
    if candidacy.stage == Stage.ESCALATED:
        return candidacy.escalated_phase == Phase.RECOGNITION
    if candidacy.stage == Stage.RECOGNITION_PROPOSED:
        path = _path(candidacy, on)
        return not _grassroots_reviews(path) and not _grassroots_decides(path)
    return candidacy.stage != Stage.REMOVAL_PROPOSED


def in_admission_phase(candidacy: Candidacy, on: datetime.date) -> bool:
    return candidacy.stage != Stage.ESCALATED or candidacy.escalated_phase == Phase.ADMISSION


def in_recognition_phase(candidacy: Candidacy, on: datetime.date) -> bool:
    return candidacy.stage != Stage.ESCALATED or candidacy.escalated_phase == Phase.RECOGNITION

"""A person's path through the member-development procedure.

``Candidacy.stage`` is a protected django-fsm-2 field: it changes only through the transitions
declared on the model, called from ``workflows.services``. Each transition lists its source and
target stages; its body only sets fields. ``TransitionLog`` is the
append-only audit trail every service writes; targets and dashboards derive their figures from it.

``Document``, ``Vote`` and ``Mentorship`` are the evidence: the forms, votes and introducers the
guards read.

Who may take a transition, when, and with what evidence is declared in ``workflows.actions`` and
judged by ``workflows.gate`` on an explicit date; the transitions here only declare the graph.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.core.files.base import File
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, State, transition

from partycell.choice_labels import ChoiceLabelsMixin
from partycell.organisations.authority import ReviewPath, review_path_for
from workflows import scans
from workflows.enums import (
    OPEN,
    Action,
    EducationException,
    FormCode,
    MentorKind,
    OrganisationIntroduction,
    Phase,
    ProposingOrganisation,
    Stage,
    TogetherBy,
    VoteBody,
    VoteMethod,
)

if TYPE_CHECKING:
    from django_fsm import UserWithPermissions


def _may_take(action: str) -> Callable[[models.Model, "UserWithPermissions"], bool]:
    """django-fsm's ``permission=``: the gate's refusals today (for ``has_transition_perm``)."""

    def permission(candidacy: models.Model, user: "UserWithPermissions") -> bool:
        from partycell.accounts.models import User
        from workflows import gate

        # Declared on Candidacy.stage only; the gate's permission checks read a User's roles.
        assert isinstance(candidacy, Candidacy) and isinstance(user, User)
        return not gate.refusals(user=user, candidacy=candidacy, action=action, on=timezone.localdate())

    permission.__name__ = f"may_{action}"
    return permission


def _transition(action: Action, *, source: Stage | Sequence[Stage], target: Stage | State) -> Callable[[Any], Any]:
    """A transition of ``Candidacy.stage``: the graph only. Everything else about the action (label,
    evidence, permission, guards, path) is declared once in ``workflows.actions`` and asked through
    ``workflows.gate`` by the service before it calls the transition."""
    return transition(field="stage", source=source, target=target, permission=_may_take(action.value),
                      custom={"action": action})  # fmt: skip


_ADMISSION_DECIDERS = [Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED, Stage.ESCALATED]
_RECOGNITION_DECIDERS = [Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED, Stage.ESCALATED]
_ON_PROBATION = [Stage.PROBATIONARY, Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED, Stage.REMOVAL_PROPOSED,
                 Stage.ESCALATED]  # fmt: skip
_BEFORE_CELL_VOTE = [
    Stage.SOURCE, Stage.SYMPATHISER, Stage.CLASS_DONE, Stage.FILE_OPEN, Stage.VERIFIED, Stage.INTRODUCED,
]  # fmt: skip
# A reversal moves an open case back to the stage before its last step (workflows.amendments says which).
_REVERSIBLE = [stage for stage in Stage if stage in OPEN and stage != Stage.SOURCE]
_REVERSE_TARGETS = [stage for stage in Stage if stage in OPEN]
_WITHDRAWABLE = [*_BEFORE_CELL_VOTE, Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED,
                 Stage.ESCALATED]  # fmt: skip


class Candidacy(ChoiceLabelsMixin, FSMModelMixin, models.Model):
    """One attempt of one person to be admitted, then recognised as an official member."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("person")
    )
    cell = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("party cell")
    )
    stage = FSMField(_("stage"), max_length=32, choices=Stage.choices, default=Stage.SOURCE, protected=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    is_readmission = models.BooleanField(_("readmission"), default=False)
    proposed_by = models.CharField(
        _("proposed by"), max_length=32, choices=ProposingOrganisation.choices, default=ProposingOrganisation.NONE,
        blank=True, help_text=_("The mass organisation that proposed the person to the cell (A1)."),
    )  # fmt: skip

    # The current step's legal deadline, stored when the stage is entered (see workflows.deadlines).
    stage_entered_at = models.DateTimeField(_("stage entered at"), default=timezone.now)
    stage_due_on = models.DateField(_("current step due on"), null=True, blank=True)
    stage_due_rule = models.CharField(_("deadline rule"), max_length=80, blank=True)
    deadline_extended = models.BooleanField(_("deadline extended"), default=False)
    deadline_extension_reason = models.TextField(_("reason for the extension"), blank=True)

    # Failed votes (below two thirds) in the current phase; the third escalates.
    failed_vote_count = models.PositiveSmallIntegerField(_("failed votes"), default=0)
    escalated_phase = models.CharField(_("escalated in phase"), max_length=20, choices=Phase.choices, blank=True)

    # The superior committee paused the admission after a failed vote: the cell votes again from this day.
    paused_until = models.DateField(_("admission paused until"), null=True, blank=True)

    # Key dates, copied from the evidence when the transitions happen.
    cell_resolution_date = models.DateField(_("cell resolution date"), null=True, blank=True)
    admission_decision_date = models.DateField(_("admission decision date"), null=True, blank=True)
    admission_decision_number = models.CharField(_("admission decision number"), max_length=64, blank=True)
    decision_received_on = models.DateField(_("decision received on"), null=True, blank=True)
    ceremony_date = models.DateField(_("admission ceremony date"), null=True, blank=True)
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True)
    recognition_vote_date = models.DateField(_("cell recognition resolution date"), null=True, blank=True)
    recognition_decision_date = models.DateField(_("recognition decision date"), null=True, blank=True)
    recognition_effective_on = models.DateField(_("official member from"), null=True, blank=True)

    education_exception = models.CharField(
        _("education exception"),
        max_length=20,
        choices=EducationException.choices,
        default=EducationException.NONE,
        blank=True,
        help_text=_("Recorded when the person has less than lower-secondary education (domain.md 2D)."),
    )
    education_exception_note = models.TextField(_("grounds for the education exception"), blank=True)

    record_cleared_on = models.DateField(
        _("criminal record cleared on"), null=True, blank=True,
        help_text=_("Readmission of a person once convicted of a less serious crime: the day the record was cleared "
                    "(xóa án tích, domain.md 2C)."),
    )  # fmt: skip

    # The dates the stale-document reminders read (``workflows.case_dates``), kept by the services that file
    # documents and record steps, so the daily scan compares columns instead of running subqueries per case.
    newest_documents = models.JSONField(
        _("newest document of each form"), default=dict, blank=True, editable=False,
        help_text=_("The issue date of the newest copy of each form on file (workflows.case_dates)."),
    )  # fmt: skip
    file_opened_on = models.DateField(_("file opened on"), null=True, blank=True, editable=False)
    class_done_on = models.DateField(_("awareness class recorded on"), null=True, blank=True, editable=False)

    exit_stage = models.CharField(_("left at stage"), max_length=32, choices=Stage.choices, blank=True)
    exit_reason = models.TextField(_("reason"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["stage", "stage_due_on"], name="candidacy_stage_due_idx"),
            models.Index(fields=["cell", "stage"], name="candidacy_cell_stage_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(stage__in=sorted(OPEN)),
                name="one_open_candidacy_per_person",
                violation_error_message=_("This person already has an open candidacy."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stage_display()}"

    def get_stage_display(self) -> str:  # type: ignore[no-redef]  # Django's own, made cheaper
        """The stage's label, as Django's would give it. Django's builds a dict of every choice and hashes
        each lazy label on every call: most of the time a list of cases spent rendering their badges."""
        try:
            return str(Stage(self.stage).label)
        except ValueError:  # not a stage (never saved so): shown as it is, as Django shows it
            return str(self.stage)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN

    @property
    def phase(self) -> str:
        if self.stage == Stage.ESCALATED:
            return self.escalated_phase
        return Phase.ADMISSION if self.admission_decision_date is None else Phase.RECOGNITION

    def review_path(self, *, on: datetime.date) -> ReviewPath:
        """``review_path_for`` this case's cell on ``on``, memoised per instance."""
        cache = self.__dict__.setdefault("_review_paths", {})
        key = (self.cell_id, on)
        if key not in cache:
            cache[key] = review_path_for(self.cell, on=on)
        return cache[key]

    # --- Transitions. Bodies only set fields; services save, log and run side effects. -------------

    def _exit(self, *, on: datetime.date, reason: str) -> None:
        self.exit_stage = self.stage
        self.exit_reason = reason
        self.closed_on = on

    def _count_vote(self, *, on: datetime.date, passed: bool, max_failed: int, passed_to: str) -> str:
        if passed:
            self.failed_vote_count = 0
            return passed_to
        self.failed_vote_count += 1
        if self.failed_vote_count >= max_failed:
            self.escalated_phase = self.phase
            return Stage.ESCALATED
        return self.stage

    @_transition(Action.SYMPATHISER_ADD, source=Stage.SOURCE, target=Stage.SYMPATHISER)  # fmt: skip
    def sympathiser_add(self, *, on: datetime.date) -> None:
        pass

    @_transition(Action.AWARENESS_CLASS_RECORD, source=Stage.SYMPATHISER, target=Stage.CLASS_DONE)  # fmt: skip
    def awareness_class_record(self, *, on: datetime.date) -> None:
        pass

    @_transition(Action.FILE_OPEN, source=Stage.CLASS_DONE, target=Stage.FILE_OPEN)  # fmt: skip
    def file_open(self, *, on: datetime.date) -> None:
        pass

    @_transition(Action.HISTORY_VERIFY, source=Stage.FILE_OPEN, target=Stage.VERIFIED)  # fmt: skip
    def history_verify(self, *, on: datetime.date) -> None:
        pass

    @_transition(Action.INTRODUCTION_RECORD, source=Stage.VERIFIED, target=Stage.INTRODUCED)  # fmt: skip
    def introduction_record(self, *, on: datetime.date) -> None:
        pass

    @_transition(Action.CELL_VOTE, source=Stage.INTRODUCED,
                 target=RETURN_VALUE(Stage.CELL_APPROVED, Stage.INTRODUCED, Stage.ESCALATED))  # fmt: skip
    def cell_vote(self, *, on: datetime.date, passed: bool, max_failed: int) -> str:
        if passed:
            self.cell_resolution_date = on
        return self._count_vote(on=on, passed=passed, max_failed=max_failed, passed_to=Stage.CELL_APPROVED)

    @_transition(Action.PARTIAL_APPRAISE, source=Stage.CELL_APPROVED, target=Stage.PARTIAL_APPRAISED)  # fmt: skip
    def partial_appraise(self, *, on: datetime.date) -> None:
        pass

    @_transition(Action.GRASSROOTS_VOTE, source=[Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED],
                 target=RETURN_VALUE(Stage.GRASSROOTS_APPROVED, Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED,
                                     Stage.ESCALATED))  # fmt: skip
    def grassroots_vote(self, *, on: datetime.date, passed: bool, max_failed: int) -> str:
        return self._count_vote(on=on, passed=passed, max_failed=max_failed, passed_to=Stage.GRASSROOTS_APPROVED)

    @_transition(Action.ADMISSION_DECIDE, source=_ADMISSION_DECIDERS, target=Stage.ADMISSION_DECIDED)  # fmt: skip
    def admission_decide(self, *, on: datetime.date, number: str, received_on: datetime.date | None) -> None:
        self.admission_decision_date = on
        self.admission_decision_number = number
        self.decision_received_on = received_on or on
        self.escalated_phase = ""
        self.failed_vote_count = 0

    @_transition(Action.COMPETENT_REJECT, source=_ADMISSION_DECIDERS, target=Stage.REJECTED)  # fmt: skip
    def competent_reject(self, *, on: datetime.date, reason: str) -> None:
        self._exit(on=on, reason=reason)

    @_transition(Action.GRASSROOTS_REJECT, source=[Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED],
                 target=Stage.REJECTED)  # fmt: skip
    def grassroots_reject(self, *, on: datetime.date, reason: str) -> None:
        self._exit(on=on, reason=reason)

    @_transition(Action.CELL_REJECT, source=_BEFORE_CELL_VOTE, target=Stage.REJECTED)  # fmt: skip
    def cell_reject(self, *, on: datetime.date, reason: str) -> None:
        self._exit(on=on, reason=reason)

    @_transition(Action.WITHDRAW, source=_WITHDRAWABLE, target=Stage.WITHDRAWN)  # fmt: skip
    def withdraw(self, *, on: datetime.date, reason: str) -> None:
        self._exit(on=on, reason=reason)

    @_transition(Action.CEREMONY_HOLD, source=Stage.ADMISSION_DECIDED, target=Stage.PROBATIONARY)  # fmt: skip
    def ceremony_hold(self, *, on: datetime.date, received_on: datetime.date | None) -> None:
        self.ceremony_date = on
        if received_on is not None:
            self.decision_received_on = received_on

    @_transition(Action.RECOGNITION_VOTE, source=Stage.PROBATIONARY,
                 target=RETURN_VALUE(Stage.RECOGNITION_PROPOSED, Stage.PROBATIONARY, Stage.ESCALATED,
                                     Stage.REMOVAL_PROPOSED))  # fmt: skip
    def recognition_vote(
        self, *, on: datetime.date, passed: bool, max_failed: int, proposes_removal: bool = False
    ) -> str:
        if passed:
            self.recognition_vote_date = on
        if proposes_removal:
            # Two thirds against: the cell's resolution proposes removal; the competent committee decides (B7).
            self.failed_vote_count = 0
            return Stage.REMOVAL_PROPOSED
        return self._count_vote(on=on, passed=passed, max_failed=max_failed, passed_to=Stage.RECOGNITION_PROPOSED)

    @_transition(Action.DELEGATED_ADMISSION_VOTE, source=[Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED],
                 target=RETURN_VALUE(Stage.GRASSROOTS_APPROVED, Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED,
                                     Stage.ESCALATED))  # fmt: skip
    def delegated_admission_vote(self, *, on: datetime.date, passed: bool, max_failed: int) -> str:
        return self._count_vote(on=on, passed=passed, max_failed=max_failed, passed_to=Stage.GRASSROOTS_APPROVED)

    @_transition(Action.DELEGATED_RECOGNITION_VOTE, source=Stage.RECOGNITION_PROPOSED,
                 target=RETURN_VALUE(Stage.RECOGNITION_REVIEWED, Stage.RECOGNITION_PROPOSED,
                                     Stage.ESCALATED))  # fmt: skip
    def delegated_recognition_vote(self, *, on: datetime.date, passed: bool, max_failed: int) -> str:
        return self._count_vote(on=on, passed=passed, max_failed=max_failed, passed_to=Stage.RECOGNITION_REVIEWED)

    def _back_to_the_cell(self, *, paused_until: datetime.date | None) -> None:
        self.escalated_phase = ""
        self.failed_vote_count = 0
        self.paused_until = paused_until

    @_transition(Action.ESCALATION_REVOTE, source=Stage.ESCALATED, target=Stage.INTRODUCED)  # fmt: skip
    def escalation_revote(self, *, on: datetime.date) -> None:
        self._back_to_the_cell(paused_until=None)

    @_transition(Action.ESCALATION_PAUSE, source=Stage.ESCALATED, target=Stage.INTRODUCED)  # fmt: skip
    def escalation_pause(self, *, on: datetime.date, until: datetime.date) -> None:
        self._back_to_the_cell(paused_until=until)

    @_transition(Action.RECOGNITION_REVIEW, source=Stage.RECOGNITION_PROPOSED,
                 target=RETURN_VALUE(Stage.RECOGNITION_REVIEWED, Stage.RECOGNITION_PROPOSED,
                                     Stage.ESCALATED))  # fmt: skip
    def recognition_review(self, *, on: datetime.date, passed: bool, max_failed: int) -> str:
        return self._count_vote(on=on, passed=passed, max_failed=max_failed, passed_to=Stage.RECOGNITION_REVIEWED)

    @_transition(Action.RECOGNITION_DECIDE, source=_RECOGNITION_DECIDERS, target=Stage.OFFICIAL)  # fmt: skip
    def recognition_decide(self, *, on: datetime.date) -> None:
        self.recognition_decision_date = on
        # Recognised as of the end of the 12 months, even when the cell or the committee was late (B11).
        self.recognition_effective_on = self.probation_ends_on
        self.escalated_phase = ""
        self.failed_vote_count = 0
        self.closed_on = on

    @_transition(Action.PROBATION_REMOVE, source=_ON_PROBATION, target=Stage.REMOVED)  # fmt: skip
    def probation_remove(self, *, on: datetime.date, reason: str) -> None:
        self._exit(on=on, reason=reason)

    @_transition(Action.ADMISSION_ANNUL, source=[Stage.ADMISSION_DECIDED, *_ON_PROBATION, Stage.OFFICIAL],
                 target=Stage.ANNULLED)  # fmt: skip
    def admission_annul(self, *, on: datetime.date, reason: str) -> None:
        self._exit(on=on, reason=reason)

    @_transition(Action.STEP_REVERSE, source=_REVERSIBLE, target=RETURN_VALUE(*_REVERSE_TARGETS))  # fmt: skip
    def step_reverse(self, *, on: datetime.date, to_stage: str, restore: dict[str, Any]) -> str:
        """Back to ``to_stage``, the fields the reversed step set put back as they were (``restore``)."""
        for name, value in restore.items():
            setattr(self, name, value)
        return to_stage


class TransitionLogQuerySet(models.QuerySet["TransitionLog"]):
    def stage_changes(self) -> "TransitionLogQuerySet":
        """Rows that moved the stage. Other rows (a failed vote, a transfer, a mentor assigned, a
        deadline extended) keep it: ``from_stage == to_stage``."""
        return self.exclude(from_stage=models.F("to_stage"))

    def standing(self) -> "TransitionLogQuerySet":
        """Rows still standing: not a reversal, and not reversed by one (``workflows.amendments``). Figures
        that count steps (admissions, recognitions, removals) read these."""
        return self.exclude(action=Action.STEP_REVERSE).exclude(amendments__action=Action.STEP_REVERSE)


class TransitionLog(ChoiceLabelsMixin, models.Model):
    """Append-only audit row for every stage change, including creation. Never edited or deleted.

    Services also log actions that keep the stage (``from_stage == to_stage``); count stage changes
    with ``TransitionLog.objects.stage_changes()``.
    """

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("candidacy")
    )
    action = models.CharField(_("action"), max_length=64)
    from_stage = models.CharField(_("from stage"), max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=32, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    occurred_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    event_date = models.DateField(_("date of the event"), help_text=_("The legal date, e.g. the decision date."))
    due_on = models.DateField(
        _("current step due on"), null=True, blank=True,
        help_text=_("The deadline stored on the candidacy after this row: audits read what applied, not a recount."),
    )  # fmt: skip
    cell = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("party cell")
    )
    deciding_unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("deciding unit"),
        help_text=_("The unit whose decision this entry records, as competent on the event date; kept after mergers."),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    rules = models.JSONField(_("rules applied"), default=dict, blank=True)
    # A correction or reversal (workflows.amendments) points to the entry it amends; that entry is never updated.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments",
        verbose_name=_("amends the entry"),
    )  # fmt: skip

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("audit trail")
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["to_stage", "event_date"], name="transition_to_stage_date_idx"),
            models.Index(fields=["candidacy", "occurred_at"], name="transition_candidacy_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidacy_id}: {self.from_stage or '∅'} → {self.to_stage} ({self.action})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The audit trail is append-only.")


# --- Evidence ---------------------------------------------------------------------------------------

document_number_validator = RegexValidator(
    regex=r"^\d+[\w.]*-[\w-]+(/[\w-]+)*$",
    message=_('Write the number as on the document, for example "125-QĐ/ĐU".'),
    code="invalid_document_number",
)


def validate_evidence_file(upload: "File[bytes]") -> None:
    """The size limit, then the type found by parsing: ``workflows.scans.validate_scan``."""
    scans.validate_scan(upload)


def evidence_upload_to(instance: "Document", filename: str) -> str:
    """A server-chosen name with the extension of the detected type: the client's name (``filename``)
    may hold personal data, collide, or lie about the type (``a.pdf\\x00.html``)."""
    content_type = instance.content_type or scans.scan_type(instance.file).content_type
    return scans.scan_stored_name(folder=f"evidence/{instance.candidacy_id}", content_type=content_type)


class Document(models.Model):
    """A form, certificate or decision in a candidacy's file (domain.md 1A, 1B)."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.PROTECT, related_name="documents", verbose_name=_("candidacy")
    )
    # A code of the document catalogue (``workflows.catalogue.DocumentKind``), not a fixed list.
    form_code = models.CharField(_("form"), max_length=16)
    number = models.CharField(
        _("number"), max_length=64, blank=True, validators=[document_number_validator],
        help_text=_('As printed, e.g. "125-QĐ/ĐU".'),
    )  # fmt: skip
    issued_on = models.DateField(_("issued on"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    file = models.FileField(_("scan"), upload_to=evidence_upload_to, blank=True, validators=[validate_evidence_file])
    content_type = models.CharField(_("content type"), max_length=50, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    action = models.CharField(_("recorded with action"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["candidacy", "issued_on", "id"]
        indexes = [models.Index(fields=["candidacy", "form_code", "issued_on"], name="document_form_idx")]

    def __str__(self) -> str:
        return f"{self.form_code} {self.number}".strip()

    @property
    def form_label(self) -> str:
        """The form's name: translated for the codes the code knows, else the catalogue's."""
        if self.form_code in FormCode.values:
            return str(FormCode(self.form_code).label)

        kind = DocumentKind.objects.filter(code=self.form_code).first()
        return kind.name if kind else self.form_code


class Vote(ChoiceLabelsMixin, models.Model):
    """A vote of a cell or committee on one candidacy (one person at a time, domain.md A9)."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.PROTECT, related_name="votes", verbose_name=_("candidacy")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    body = models.CharField(_("voting body"), max_length=20, choices=VoteBody.choices)
    meeting_date = models.DateField(_("meeting date"))
    eligible = models.PositiveSmallIntegerField(
        _("members entitled to vote"), help_text=_("For a cell: its official members on the meeting date.")
    )
    eligible_on_roll = models.PositiveSmallIntegerField(
        _("entitled members on the roll"), null=True, blank=True,
        help_text=_("Computed from the membership roll; differs from the figure used only with a reason."),
    )  # fmt: skip
    eligible_override_reason = models.TextField(_("why the number differs from the roll"), blank=True)
    present = models.PositiveSmallIntegerField(_("members present"))
    in_favour = models.PositiveSmallIntegerField(_("in favour"))
    against = models.PositiveSmallIntegerField(_("against"))
    method = models.CharField(_("voting method"), max_length=20, choices=VoteMethod.choices)
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    ratio = models.CharField(_("approval ratio applied"), max_length=20)
    passed = models.BooleanField(_("passed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["candidacy", "meeting_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_favour__lte=models.F("present") - models.F("against")),
                name="vote_ballots_within_present",
            ),
            models.CheckConstraint(
                condition=models.Q(present__lte=models.F("eligible")), name="vote_present_within_eligible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.meeting_date:%d/%m/%Y}: {self.in_favour}/{self.eligible}"


class Mentorship(ChoiceLabelsMixin, models.Model):
    """An official member assigned to help or introduce the person (domain.md A3, A7, A13, B2)."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("candidacy")
    )
    mentor = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("party member")
    )
    kind = models.CharField(_("role"), max_length=20, choices=MentorKind.choices)
    months_together = models.PositiveSmallIntegerField(
        _("months worked, studied or lived together"), null=True, blank=True
    )
    is_replacement = models.BooleanField(
        _("replaces an introducer who cannot follow up"), default=False,
        help_text=_("A replacement introducer assigned by the cell is exempt from the months-together rule."),
    )  # fmt: skip
    together_by = models.CharField(
        _("known the applicant by"), max_length=20, choices=TogetherBy.choices, default=TogetherBy.WORK,
        help_text=_("Living in the same place counts toward the months together only where the rulebook says so."),
    )  # fmt: skip
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces the introducer"),
        help_text=_("The recorded introducer who left (moved, disciplined, cannot follow up), whose assignment ended "
                    "with its reason: only such a replacement is exempt from the months together."),
    )  # fmt: skip
    organisation_introduction = models.CharField(
        _("introduced together with"), max_length=20, choices=OrganisationIntroduction.choices,
        default=OrganisationIntroduction.NONE, blank=True,
    )  # fmt: skip
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assigned by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor or introducer")
        verbose_name_plural = _("mentors and introducers")
        ordering = ["candidacy", "assigned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("assigned_on")),
                name="mentorship_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} · {self.get_kind_display()}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.assigned_on <= day and (self.ended_on is None or day < self.ended_on)


# The document catalogue's models live in their own module; importing them here registers them.
from workflows.catalogue import DocumentKind, DocumentRequirement  # noqa: E402, F401

# The background-verification tracker's models live in their own module; importing them here registers them.
from workflows.verification import VerificationRequest, VerificationSubject  # noqa: E402, F401

"""A person's path through the member-development procedure.

``Candidacy.stage`` is a protected django-fsm-2 field: it changes only through the transitions
declared on the model, called from ``workflows.services``. ``TransitionLog`` is the append-only
audit trail every service writes; targets and dashboards derive their figures from it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from workflows.enums import OPEN, Phase, Stage


class Candidacy(ConcurrentTransitionMixin, models.Model):
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

    # The current step's legal deadline, stored when the stage is entered (see workflows.deadlines).
    stage_entered_at = models.DateTimeField(_("stage entered at"), default=timezone.now)
    stage_due_on = models.DateField(_("current step due on"), null=True, blank=True)
    stage_due_rule = models.CharField(_("deadline rule"), max_length=80, blank=True)
    deadline_extended = models.BooleanField(_("deadline extended"), default=False)
    deadline_extension_reason = models.TextField(_("reason for the extension"), blank=True)

    # Failed votes (below two thirds) in the current phase; the third escalates.
    failed_vote_count = models.PositiveSmallIntegerField(_("failed votes"), default=0)
    escalated_phase = models.CharField(_("escalated in phase"), max_length=20, choices=Phase.choices, blank=True)

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

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN


class TransitionLog(models.Model):
    """Append-only audit row for every stage change, including creation. Never edited or deleted."""

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
    cell = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("party cell")
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    rules = models.JSONField(_("rules applied"), default=dict, blank=True)

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

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")

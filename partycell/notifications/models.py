"""Reminder rules, the notices they produce, and each person's delivery preference.

A ``Notification`` row is both the in-app notice and the reminder log: its unique key (subject,
rule, due date, recipient, lead time) is what makes a second scan, a retried task or a worker
killed half-way send nothing twice. E-mail delivery is claimed row by row with a compare-and-swap
update on ``email_claim`` (see ``partycell.notifications.delivery``).
"""

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partycell.targets.enums import TargetKind
from workflows.enums import Stage

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

_LEAD_TIMES = re.compile(r"^\s*\d+\s*(,\s*\d+\s*)*$")


def parse_lead_times(text: str) -> list[int]:
    """``"10, 3,1"`` -> ``[1, 3, 10]`` (sorted, without duplicates); ``ValueError`` on anything else."""
    if not _LEAD_TIMES.match(text or ""):
        raise ValueError(text)
    return sorted({int(part) for part in text.split(",")})


def validate_lead_times(value: str) -> None:
    try:
        parse_lead_times(value)
    except ValueError:
        raise ValidationError(
            _("Enter whole numbers of working days, zero or more, separated by commas, for example “10,3,1”."),
            code="invalid_lead_times",
        ) from None


class RuleKind(models.TextChoices):
    UPCOMING_DEADLINE = "upcoming_deadline", _("Deadline of the current step is coming")
    OVERDUE = "overdue", _("Current step is overdue (escalated to the superior committee)")
    PROBATION_ENDING = "probation_ending", _("Probation is ending")
    STALE_FILE = "stale_file", _("File documents are going stale (12 months)")
    STALE_CERTIFICATE = "stale_certificate", _("Awareness-class certificate is expiring")
    NO_MOVEMENT = "no_movement", _("No movement for several months")
    BEHIND_TARGET = "behind_target", _("Committee is behind its target pace (monthly)")
    VERIFICATION_UNANSWERED = "verification_unanswered", _("A verification letter has had no reply")
    STEP_RECORDED = "step_recorded", _("A committee decided, or the cell voted (to the people who act next)")
    SYMPATHISER_REVIEW = "sympathiser_review", _("Monthly review of the sympathiser lists (where the rulebook says so)")


# What the lead times of each kind count: working days before the date, or after it (overdue).
LEAD_TIME_HELP = {
    RuleKind.UPCOMING_DEADLINE: _("working days before the step's deadline"),
    RuleKind.OVERDUE: _("working days after the missed deadline"),
    RuleKind.PROBATION_ENDING: _("working days before the probation ends"),
    RuleKind.STALE_FILE: _("working days before the documents go stale"),
    RuleKind.STALE_CERTIFICATE: _("working days before the certificate expires"),
    RuleKind.NO_MOVEMENT: _("not used"),
    RuleKind.BEHIND_TARGET: _("not used"),
    RuleKind.VERIFICATION_UNANSWERED: _("working days since the letter was sent without a reply"),
    RuleKind.STEP_RECORDED: _("not used"),
    RuleKind.SYMPATHISER_REVIEW: _("not used"),
}


# The text of each notice, rendered in the reader's language when it is shown or e-mailed.
# Keyed by plain ``str`` so that a model's ``kind`` (a ``str`` column) indexes it.
MESSAGES: "dict[str, StrPromise]" = {
    RuleKind.UPCOMING_DEADLINE: _("%(person)s (%(cell)s): the step “%(stage)s” is due on %(date)s."),
    RuleKind.OVERDUE: _("%(person)s (%(cell)s): the step “%(stage)s” was due on %(date)s and is overdue."),
    RuleKind.PROBATION_ENDING: _(
        "%(person)s (%(cell)s): probation ends on %(date)s; prepare the cell's vote on recognition."
    ),
    RuleKind.STALE_FILE: _(
        "%(person)s (%(cell)s): the application file's documents go stale on %(date)s unless the cell decides first."
    ),
    RuleKind.STALE_CERTIFICATE: _(
        "%(person)s (%(cell)s): the party-awareness class certificate expires on %(date)s."
    ),
    RuleKind.NO_MOVEMENT: _("%(person)s (%(cell)s): nothing has moved since %(date)s (stage “%(stage)s”)."),
    RuleKind.BEHIND_TARGET: _("%(unit)s is behind its target pace: %(figures)s."),
    RuleKind.VERIFICATION_UNANSWERED: _(
        "%(person)s (%(cell)s): a verification letter sent on %(date)s has had no reply yet; chase it."
    ),
    RuleKind.STEP_RECORDED: _("%(person)s (%(cell)s): the case is now at “%(stage)s” (recorded on %(date)s)."),
    RuleKind.SYMPATHISER_REVIEW: _(
        "%(unit)s: review the sympathiser lists of its cells for %(month)s "
        "(the cells' proposals to add or drop people)."
    ),
}
TARGET_FIGURE = _("%(target_kind)s, %(period)s: %(achieved)s achieved, %(expected)s expected by now, target %(target)s")


class ReminderRule(models.Model):
    """One kind of reminder, with lead times an administrator may change. Seeded by a migration."""

    kind = models.CharField(_("kind"), max_length=32, choices=RuleKind.choices, unique=True)
    lead_times = models.CharField(
        _("lead times (working days)"),
        max_length=100,
        default="0",
        validators=[validate_lead_times],
        help_text=_("Comma-separated whole numbers of working days, e.g. “10,3,1”. One notice is sent per lead time."),
    )
    months = models.PositiveSmallIntegerField(
        _("months"),
        null=True,
        blank=True,
        help_text=_(
            "For the no-movement rule: the idle period, in months. A document's validity is read from the document "
            "catalogue and the rulebook, as the cell vote reads it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.kind in MONTH_BASED_KINDS and not self.months:
            raise ValidationError({"months": _("This kind of rule needs a number of months.")})

    @property
    def lead_days(self) -> list[int]:
        return parse_lead_times(self.lead_times)


# The stale-file and stale-certificate rules read each document's validity from the document catalogue and
# the rulebook, as the cell-vote guard does (``partycell.notifications.reminders._stale_file`` and
# ``_stale_certificate``): their ``months`` is not used.
MONTH_BASED_KINDS = frozenset({RuleKind.NO_MOVEMENT})


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def awaiting_email(self) -> "NotificationQuerySet":
        """Not yet e-mailed, to a recipient who has an address (the others only see the in-app notice)."""
        return self.filter(emailed_at__isnull=True, recipient__is_active=True).exclude(recipient__email="")


class Notification(models.Model):
    """One notice to one person, about one candidacy (or one unit), for one rule, due date and lead time.

    Unit-level notices (behind target pace) have no candidacy; ``details`` keeps the figures they quote.
    """

    # No index of their own for the three foreign keys: ``notification_unread_idx`` leads with the recipient and
    # ``notification_once`` with the candidacy, and the unit's index holds unit-level notices only. Each index
    # costs every insert, and the reminder scan inserts tens of thousands of notices a day (issue 15).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=32, choices=RuleKind.choices)
    candidacy = models.ForeignKey(
        "workflows.Candidacy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("candidacy"),
        db_index=False,
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party organisation"),
        db_index=False,
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The date the notice is about: the step's deadline, the end of probation, the stale date...
    due_on = models.DateField(_("due on"))
    lead_days = models.PositiveSmallIntegerField(_("lead time (working days)"), default=0)
    # The stage when the notice was raised, so the text stays right after the candidacy moves on.
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # E-mail delivery: claimed with a compare-and-swap on email_claim, then stamped emailed_at.
    email_claim = models.CharField(_("e-mail claim"), max_length=36, blank=True)
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "kind", "due_on", "recipient", "lead_days"], name="notification_once"
            ),
            # The same key for unit-level notices, which have no candidacy (NULLs never conflict).
            models.UniqueConstraint(
                fields=["unit", "kind", "due_on", "recipient", "lead_days"],
                condition=models.Q(candidacy__isnull=True),
                name="unit_notification_once",
            ),
            models.CheckConstraint(
                condition=models.Q(candidacy__isnull=False) | models.Q(unit__isnull=False),
                name="notification_has_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["unit"], condition=models.Q(unit__isnull=False), name="notification_unit_idx"),
            # E-mail claims only ever touch rows not yet sent: keep that index small.
            models.Index(
                fields=["email_claim", "recipient"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.candidacy_id or self.unit_id} · {self.due_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        """Where the recipient acts on the notice: the candidacy page (the admin until the web page exists)."""
        if self.candidacy_id is None:
            if self.kind == RuleKind.SYMPATHISER_REVIEW:
                return f"{reverse('candidacy-list')}?unit={self.unit_id}&stage={Stage.SYMPATHISER.value}"
            return self._target_dashboard_url()
        if self.kind == RuleKind.VERIFICATION_UNANSWERED:
            return reverse("candidacy-verification", args=[self.candidacy_id])
        try:
            return reverse("candidacy-detail", args=[self.candidacy_id])
        except NoReverseMatch:
            return reverse("admin:workflows_candidacy_change", args=[self.candidacy_id])

    def _target_dashboard_url(self) -> str:
        url = reverse("targets:unit", args=[self.unit_id])
        figures = self.details.get("figures") or []
        if figures:
            url += f"?period={figures[0]['period_id']}&kind={figures[0]['target_kind']}"
        return url

    @property
    def message(self) -> str:
        """The notice as a sentence. Needs ``candidacy__person``, ``candidacy__cell`` and ``unit`` (select_related)."""
        candidacy = self.candidacy
        if candidacy is None:
            assert self.unit is not None  # the notification_has_subject constraint
            if self.kind == RuleKind.SYMPATHISER_REVIEW:
                month = date_format(self.due_on, "YEAR_MONTH_FORMAT")
                return MESSAGES[self.kind] % {"unit": self.unit.name, "month": month}
            figures = [
                TARGET_FIGURE % {**figure, "target_kind": TargetKind(figure["target_kind"]).label}
                for figure in self.details.get("figures", [])
            ]
            return MESSAGES[self.kind] % {"unit": self.unit.name, "figures": "; ".join(figures)}
        return MESSAGES[self.kind] % {
            "person": candidacy.person.full_name,
            "cell": candidacy.cell.name,
            "stage": Stage(self.stage).label if self.stage in Stage.values else self.stage,
            "date": date_format(self.due_on, "SHORT_DATE_FORMAT"),
        }


class ReminderScan(models.Model):
    """One run of the reminder scan: when it ran and how many notices it recorded (for operators)."""

    on = models.DateField(_("scan date"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    candidacies_due = models.PositiveIntegerField(_("due items found"), default=0)
    notices_created = models.PositiveIntegerField(_("notices recorded"), default=0)
    # False for a scan of one candidacy after a step: /healthz reports the age of the last whole scan.
    whole = models.BooleanField(_("every candidacy"), default=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("reminder scan")
        verbose_name_plural = _("reminder scans")

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} · {self.notices_created}"


class Delivery(models.TextChoices):
    DIGEST = "digest", _("One daily digest")
    IMMEDIATE = "immediate", _("One e-mail per notice, straight away")


class NotificationPreference(models.Model):
    """How a person wants their notices by e-mail. No row means the daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    delivery = models.CharField(_("e-mail delivery"), max_length=16, choices=Delivery.choices, default=Delivery.DIGEST)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_delivery_display()}"

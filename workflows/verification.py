"""Background verification (thẩm tra, xác minh lý lịch, domain.md A6): whom to verify, and each letter.

The grassroots organisation verifies the applicant's personal history and that of the relatives the
rule names: the biological parents, the parents-in-law or the person who raised the applicant, the
spouse and the adult biological children. For each of them (``VerificationSubject``) it writes to
one or more organisations and localities (``VerificationRequest``): when the letter went out, who
chases the reply, what the commune advanced for it, and, when the reply comes back, its date and
conclusion (clear, or an issue with a note). Scans of the letter and of the reply are ``Document``
rows of the file (form "other"), so they are stored, checked and served like every other scan.

The overall conclusion is the TT-LL document (``FormCode.VERIFICATION``): the step "record the
background verification" files it, or "add a document" for a supplementary verification. Its date
is the one the 12-month freshness guard and the stale-file reminder count from.

Writes go through ``workflows.verification_services``; this module only declares the tables. It is
imported at the bottom of ``workflows.models`` so that Django registers the models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Relation(models.TextChoices):
    """Who is verified: the applicant and the relatives domain.md A6 names, in the order of the form."""

    APPLICANT = "applicant", _("The applicant")
    FATHER = "father", _("Biological father")
    MOTHER = "mother", _("Biological mother")
    FATHER_IN_LAW = "father_in_law", _("Father-in-law")
    MOTHER_IN_LAW = "mother_in_law", _("Mother-in-law")
    GUARDIAN = "guardian", _("Person who raised the applicant")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Biological child (adult)")


# Relations a case has at most one of.
SINGLE_RELATIONS = frozenset({Relation.APPLICANT, Relation.FATHER, Relation.MOTHER})
RELATION_ORDER = {relation.value: index for index, relation in enumerate(Relation)}


class Conclusion(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    CLEAR = "clear", pgettext_lazy("verification conclusion", "Clear")
    ISSUE = "issue", _("Issue found")


class VerificationSubject(models.Model):
    """One person whose history is verified for a candidacy: the applicant or a relative."""

    candidacy = models.ForeignKey(
        "workflows.Candidacy", on_delete=models.PROTECT, related_name="verification_subjects",
        verbose_name=_("candidacy"),
    )  # fmt: skip
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Where the person lives or lived (hometown).")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        app_label = "workflows"
        verbose_name = _("person to verify")
        verbose_name_plural = _("people to verify")
        ordering = ["candidacy", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "relation"],
                condition=models.Q(relation__in=sorted(SINGLE_RELATIONS)),
                name="verification_subject_single_relation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"

    @property
    def standing(self) -> str:
        """Where this person's verification stands: '' before any letter; an issue if a reply raised one;
        pending while a reply is awaited; clear when every reply is. Reads ``requests.all()`` (prefetch it)."""
        found = {request.conclusion for request in self.requests.all()}
        for conclusion in (Conclusion.ISSUE, Conclusion.PENDING, Conclusion.CLEAR):
            if conclusion in found:
                return conclusion.value
        return ""

    @property
    def standing_label(self) -> str:
        return str(Conclusion(self.standing).label) if self.standing else str(_("No letter sent yet"))


class VerificationRequest(models.Model):
    """One verification letter to one organisation about one subject, and its reply."""

    subject = models.ForeignKey(
        VerificationSubject, on_delete=models.PROTECT, related_name="requests", verbose_name=_("person to verify")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, help_text=_("The party committee, police or office written to.")
    )
    # Province and commune from the ``vietnam-provinces`` package (after the 2025 reform), when chosen.
    province_code = models.PositiveSmallIntegerField(_("province code"), null=True, blank=True)
    commune_code = models.PositiveIntegerField(_("commune code"), null=True, blank=True)
    # As shown: "Xã ..., Tỉnh ..." from the codes, or typed (an old locality name, abroad).
    locality = models.CharField(_("locality"), max_length=300)
    reference = models.CharField(_("letter number"), max_length=64, blank=True)
    sent_on = models.DateField(_("sent on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("chased by"),
    )  # fmt: skip
    cost_vnd = models.PositiveIntegerField(_("cost advanced (VND)"), default=0)
    letter_document = models.ForeignKey(
        "workflows.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("letter scan"),
    )  # fmt: skip
    replied_on = models.DateField(_("reply received on"), null=True, blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=Conclusion.choices, default=Conclusion.PENDING
    )
    conclusion_note = models.TextField(_("note on the reply"), blank=True)
    reply_document = models.ForeignKey(
        "workflows.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reply scan"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        app_label = "workflows"
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["subject", "sent_on", "id"]
        indexes = [
            # The reminder scan reads only the letters still waiting for a reply.
            models.Index(fields=["sent_on"], condition=models.Q(replied_on__isnull=True),
                         name="verification_unanswered_idx"),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(
                condition=models.Q(replied_on__isnull=True) | models.Q(replied_on__gte=models.F("sent_on")),
                name="verification_reply_after_request",
            ),
            models.CheckConstraint(
                condition=(models.Q(replied_on__isnull=True) & models.Q(conclusion=Conclusion.PENDING))
                | (models.Q(replied_on__isnull=False) & ~models.Q(conclusion=Conclusion.PENDING)),
                name="verification_reply_has_conclusion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.sent_on:%d/%m/%Y}"

    @property
    def is_answered(self) -> bool:
        return self.replied_on is not None

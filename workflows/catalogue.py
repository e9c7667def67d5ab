"""The document catalogue: the forms a case's file is made of, and which each step needs, as data.

``DocumentKind`` lists the forms (1-KNĐ to 16-KNĐ, their variants, certificates, decisions) with how
long each stays valid (a rulebook rule id, so the value is effective-dated and recorded with each
decision). ``DocumentRequirement`` says, for one action and one path condition, which kind must be on
file before the step (``Need.BEFORE``) or is filed by the step itself (``Need.FILED``), in force from
``effective_from`` to ``effective_to``. Both are seeded from domain.md with their sources and
confidence (migration ``0005_document_catalogue``) and edited by administrators: a re-issued form set
or a relaxed requirement needs no code change.

Three readers, one source: the guard ``documents_required_for(action)`` (used in the declarations of
``workflows.actions``), the candidate page's checklist (``checklist_for``), and the stale-file reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partycell.organisations.authority import NoCompetentCommittee
from partycell.rulebook.calendar import add_months
from partycell.rulebook.models import Confidence
from workflows.enums import Action, FormCode, MentorKind, OrganisationIntroduction

if TYPE_CHECKING:
    from workflows.models import Candidacy, Document
    from workflows.rules import RuleReader


class Condition(models.TextChoices):
    """When a requirement applies: a property of the case's path or of the person."""

    ALWAYS = "always", _("Every case")
    PARTIAL_COMMITTEE = "partial_committee", _("The cell is under a partial committee")
    GRASSROOTS_REVIEW = "grassroots_review", _("A grassroots committee reviews before the decision")
    PROVINCIAL_CONSENT = (
        "provincial_consent",
        _("The provincial consent is needed (over 60, literate only, readmission)"),
    )
    YOUTH_UNION = "youth_union", _("Introduced together with the Youth Union")
    TRADE_UNION = "trade_union", _("Introduced together with the trade union")


class Need(models.TextChoices):
    BEFORE = "before", _("Must be on file before the step")
    FILED = "filed", _("Filed with the step")


class DocumentKind(models.Model):
    """A form or document of the file, as the form set in force names it."""

    code = models.CharField(_("code"), max_length=16, unique=True, help_text=_('As printed, e.g. "2-KNĐ".'))
    name = models.CharField(_("name"), max_length=200)
    validity_rule = models.CharField(
        _("validity rule"), max_length=100, blank=True,
        help_text=_("Rulebook rule giving the months it stays valid after issue; empty: it does not go stale."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    regulation = models.CharField(_("form set"), max_length=100, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.MEDIUM)
    source = models.TextField(_("source"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        app_label = "workflows"
        ordering = ["position", "code"]
        verbose_name = _("document kind")
        verbose_name_plural = _("document catalogue")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        """The translated label for the forms the code knows, the stored name for the others."""
        return str(FormCode(self.code).label) if self.code in FormCode.values else self.name


class RequirementQuerySet(models.QuerySet["DocumentRequirement"]):
    def in_force_on(self, day: datetime.date) -> RequirementQuerySet:
        return self.filter(Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day)))


class DocumentRequirement(models.Model):
    """``kind`` is needed for ``action`` when ``condition`` holds, in force from ``effective_from``."""

    action = models.CharField(_("step"), max_length=64, choices=Action.choices)
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="requirements",
                             verbose_name=_("document"))  # fmt: skip
    need = models.CharField(_("need"), max_length=10, choices=Need.choices)
    condition = models.CharField(_("when"), max_length=30, choices=Condition.choices, default=Condition.ALWAYS)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True,
        help_text=_("Last day in force (inclusive); close it to relax the requirement."),
    )  # fmt: skip
    regulation = models.CharField(_("regulation"), max_length=100, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.MEDIUM)
    source = models.TextField(_("source"), blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        app_label = "workflows"
        ordering = ["action", "kind__position", "effective_from"]
        verbose_name = _("document requirement")
        verbose_name_plural = _("document requirements")
        constraints = [
            models.UniqueConstraint(fields=["action", "kind", "condition", "effective_from"],
                                    name="document_requirement_unique_start"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                                   name="document_requirement_ends_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.action}: {self.kind.code} ({self.get_need_display()}, {self.get_condition_display()})"


# --- Reading the catalogue ---------------------------------------------------------------------------------


def _path_has(candidacy: Candidacy, on: datetime.date, test: Callable) -> bool:
    try:
        return bool(test(candidacy.review_path(on=on)))
    except NoCompetentCommittee:
        return False


def _introduced_with(candidacy: Candidacy, organisation: str, on: datetime.date) -> bool:
    if candidacy.pk is None:
        return False
    from workflows.rules import case_file

    snapshot = case_file(candidacy)
    if snapshot is not None:
        rows = [row for row in snapshot.mentorships
                if row.kind == MentorKind.INTRODUCER and row.organisation_introduction == organisation]  # fmt: skip
    else:
        rows = list(candidacy.mentorships.filter(kind=MentorKind.INTRODUCER, organisation_introduction=organisation))
    return any(row.is_active_on(on) for row in rows)


def condition_holds(condition: str, candidacy: Candidacy, reader: RuleReader) -> bool:
    """Whether ``condition`` holds for this case on the reader's date."""
    on = reader.on
    if condition == Condition.ALWAYS:
        return True
    if condition == Condition.PARTIAL_COMMITTEE:
        return _path_has(candidacy, on, lambda path: path.partial_committee)
    if condition == Condition.GRASSROOTS_REVIEW:
        return _path_has(candidacy, on, lambda path: path.grassroots_committee and not path.grassroots_decides)
    if condition == Condition.PROVINCIAL_CONSENT:
        from workflows.rules import provincial_consent_grounds

        return bool(provincial_consent_grounds(candidacy, reader))
    if condition == Condition.YOUTH_UNION:
        return _introduced_with(candidacy, OrganisationIntroduction.YOUTH_UNION, on)
    if condition == Condition.TRADE_UNION:
        return _introduced_with(candidacy, OrganisationIntroduction.TRADE_UNION, on)
    raise ValueError(condition)


def requirements_for(
    candidacy: Candidacy, action: str, reader: RuleReader, *, need: str | None = None
) -> list[DocumentRequirement]:
    """The requirements of ``action`` in force on the reader's date whose condition holds for this case,
    each kind once, in the catalogue's order."""
    rows = DocumentRequirement.objects.in_force_on(reader.on).filter(action=action, kind__is_active=True)
    if need is not None:
        rows = rows.filter(need=need)
    found: dict[int, DocumentRequirement] = {}
    for row in rows.select_related("kind").order_by("kind__position", "kind__code", "condition"):
        if row.kind_id not in found and condition_holds(row.condition, candidacy, reader):
            found[row.kind_id] = row
    return list(found.values())


def latest_document(candidacy: Candidacy, code: str, *, on: datetime.date) -> Document | None:
    """The newest document of ``code`` issued on or before ``on``."""
    if candidacy.pk is None:
        return None
    from workflows.rules import case_file

    snapshot = case_file(candidacy)
    if snapshot is not None:
        return next((row for row in snapshot.documents if row.form_code == code and row.issued_on <= on), None)
    return candidacy.documents.filter(form_code=code, issued_on__lte=on).order_by("-issued_on", "-id").first()


def expires_on(kind: DocumentKind, issued_on: datetime.date, reader: RuleReader) -> datetime.date | None:
    """The last day ``kind`` issued on ``issued_on`` is valid, or None when it does not go stale."""
    if not kind.validity_rule:
        return None
    return add_months(issued_on, int(reader(kind.validity_rule)))


def documents_required_for(action: str) -> Callable[[Candidacy, RuleReader], list[str]]:
    """The guard "the file holds every document the catalogue requires before ``action``, none stale"."""

    def required_documents_reasons(candidacy: Candidacy, rules: RuleReader) -> list[str]:
        from workflows.rules import Reason

        reasons: list[str] = []
        for requirement in requirements_for(candidacy, action, rules, need=Need.BEFORE):
            kind = requirement.kind
            remedy = ("document_add", {"form_code": kind.code})
            document = latest_document(candidacy, kind.code, on=rules.on)
            if document is None:
                reasons.append(Reason(gettext("The file has no %(form)s.") % {"form": kind.label}, remedy=remedy))
                continue
            expires = expires_on(kind, document.issued_on, rules)
            if expires is not None and rules.on > expires:
                # Named by its first day out of date: the day the stale-file reminder names too.
                stale_since = expires + datetime.timedelta(days=1)
                message = gettext("%(form)s is out of date since %(date)s; it must be redone.") % {
                    "form": kind.label, "date": date_format(stale_since, "SHORT_DATE_FORMAT")}  # fmt: skip
                reasons.append(Reason(message, remedy=remedy))
        return reasons

    required_documents_reasons.__name__ = f"documents_required_for_{action}"
    return required_documents_reasons


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    need: str
    document: Document | None
    expires_on: datetime.date | None  # the last day it is valid
    is_stale: bool

    @property
    def is_missing(self) -> bool:
        """Needed before the next step and not (or no longer) on file: what the user must add."""
        return self.need == Need.BEFORE and (self.document is None or self.is_stale)

    @property
    def stale_since(self) -> datetime.date | None:
        """The first day it is out of date (the day the guard and the reminder name)."""
        return self.expires_on + datetime.timedelta(days=1) if self.expires_on else None


def checklist_for(candidacy: Candidacy, actions: list[str], reader: RuleReader) -> list[ChecklistItem]:
    """What this case's next steps need, from the catalogue: each kind once, with the newest copy on file."""
    items: dict[str, ChecklistItem] = {}
    for action in actions:
        for requirement in requirements_for(candidacy, action, reader):
            kind = requirement.kind
            if kind.code in items:
                continue
            document = latest_document(candidacy, kind.code, on=reader.on)
            expires = expires_on(kind, document.issued_on, reader) if document else None
            stale = expires is not None and reader.on > expires
            items[kind.code] = ChecklistItem(kind.code, kind.label, requirement.need, document, expires, stale)
    return list(items.values())

"""Admin: a window on the procedure for administrators, not a way around it.

Stages, votes, documents and introducers change only through ``workflows.services`` (so that the
guards, the permissions and the audit trail always apply); here they are shown read-only. The audit
trail (``TransitionLog``) can be neither added, changed nor deleted, by anyone.
"""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from workflows.catalogue import DocumentKind, DocumentRequirement
from workflows.models import Candidacy, Document, Mentorship, TransitionLog, Vote
from workflows.verification import VerificationRequest, VerificationSubject


class ReadOnlyMixin:
    """Viewable by staff with the view permission; never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ScanLinkMixin:
    """The scan as a link to the view that scopes its candidacy: ``/media/`` is not served, and the
    stored name is no use to anyone."""

    @admin.display(description=_("scan"))
    def scan(self, document: Document) -> SafeString | str:
        if not document.file:
            return "—"
        url = reverse("document-file", args=[document.candidacy_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


class DocumentInline(ScanLinkMixin, ReadOnlyMixin, admin.TabularInline):
    model = Document
    extra = 0
    fields = ("form_code", "number", "issued_on", "signer", "scan", "uploaded_by")
    readonly_fields = ("scan",)


class VoteInline(ReadOnlyMixin, admin.TabularInline):
    model = Vote
    extra = 0
    fields = ("phase", "body", "meeting_date", "eligible", "present", "in_favour", "against", "passed")


class MentorshipInline(ReadOnlyMixin, admin.TabularInline):
    model = Mentorship
    fk_name = "candidacy"
    extra = 0
    fields = ("mentor", "kind", "months_together", "organisation_introduction", "assigned_on", "ended_on")


class TransitionLogInline(ReadOnlyMixin, admin.TabularInline):
    model = TransitionLog
    extra = 0
    fields = ("occurred_at", "action", "from_stage", "to_stage", "event_date", "deciding_unit", "actor", "note")


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("person", "cell", "stage", "stage_due_on", "failed_vote_count", "updated_at")
    list_filter = ("stage", "is_readmission", "deadline_extended")
    search_fields = ("person__search_name", "person__citizen_id", "admission_decision_number")
    list_select_related = ("person", "cell")
    date_hierarchy = "created_at"
    inlines = [DocumentInline, VoteInline, MentorshipInline, TransitionLogInline]


@admin.register(Document)
class DocumentAdmin(ScanLinkMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("form_code", "number", "issued_on", "candidacy", "uploaded_by", "uploaded_at")
    exclude = ("file",)
    readonly_fields = ("scan",)
    list_filter = ("form_code",)
    search_fields = ("number", "candidacy__person__search_name")
    list_select_related = ("candidacy__person", "uploaded_by")


@admin.register(Vote)
class VoteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("candidacy", "body", "phase", "meeting_date", "in_favour", "eligible", "passed")
    list_filter = ("body", "phase", "passed", "method")
    list_select_related = ("candidacy__person",)


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("mentor", "kind", "candidacy", "assigned_on", "ended_on")
    list_filter = ("kind", "organisation_introduction")
    search_fields = ("mentor__search_name", "candidacy__person__search_name")
    list_select_related = ("mentor", "candidacy__person")


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "candidacy", "action", "from_stage", "to_stage", "event_date", "deciding_unit",
                    "actor")  # fmt: skip
    list_filter = ("action", "to_stage")
    search_fields = ("candidacy__person__search_name", "action")
    list_select_related = ("candidacy__person", "actor", "deciding_unit")
    date_hierarchy = "occurred_at"


# --- The document catalogue: data administrators edit (a re-issued form set needs no code change) ---------


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ("action", "need", "condition", "effective_from", "effective_to", "regulation", "confidence")


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "validity_rule", "regulation", "confidence", "is_active")
    list_filter = ("is_active", "confidence", "regulation")
    search_fields = ("code", "name")
    inlines = [DocumentRequirementInline]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Documents on file point to a kind by its code: retire a kind (``is_active``) instead.
        return False


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ("action", "kind", "need", "condition", "effective_from", "effective_to", "confidence")
    list_filter = ("action", "need", "condition", "confidence")
    search_fields = ("kind__code", "kind__name", "source")
    autocomplete_fields = ("kind",)


# --- Background verification: written by its services only (the audit trail records each change) ---------


@admin.register(VerificationSubject)
class VerificationSubjectAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("full_name", "relation", "birth_year", "candidacy", "created_at")
    list_filter = ("relation",)
    search_fields = ("full_name", "candidacy__person__search_name")
    list_select_related = ("candidacy__person",)


@admin.register(VerificationRequest)
class VerificationRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("subject", "organisation", "locality", "sent_on", "assignee", "cost_vnd", "replied_on",
                    "conclusion")  # fmt: skip
    list_filter = ("conclusion", "sent_on")
    search_fields = ("organisation", "locality", "subject__full_name", "subject__candidacy__person__search_name")
    list_select_related = ("subject", "assignee")

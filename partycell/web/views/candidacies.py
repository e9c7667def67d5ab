"""The candidate list, the candidate page, and the small forms hanging off it."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.paperwork.selectors import forms_offered
from partycell.privacy.access import log_access
from partycell.selectors import user_may_edit_unit
from partycell.web import actions
from partycell.web.exports import CANDIDACY_COLUMNS, for_user, xlsx_response
from partycell.web.filters import CandidacyFilter
from partycell.web.forms import mentor_form
from partycell.web.pickers import member_picker, members_need_a_search, pickers_for
from partycell.web.selectors import (
    CANDIDACY_ROW_FIELDS,
    candidacy_timeline,
    document_checklist,
    mentor_candidates,
    with_overdue_rank,
)
from partycell.web.selectors import candidacy_list as candidacy_list_selector
from partycell.web.views.actions import editable_candidacy
from workflows import gate, scans
from workflows.evidence import DocumentAddForm, MentorAssignForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
from workflows.rules import case_file, case_file_snapshot
from workflows.services import document_add, mentor_assign

PAGE_SIZE = 25


def _filtered(request: AuthenticatedHttpRequest) -> CandidacyFilter:
    candidacies = with_overdue_rank(candidacy_list_selector(request.user), today=timezone.localdate())
    return CandidacyFilter(request.GET or None, queryset=candidacies, request=request)


@login_required
def candidacy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(filterset.qs.only(*CANDIDACY_ROW_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(user=request.user, person_ids=[], what="candidacy list", request=request)
    pickers = pickers_for(request, filterset.form)
    context = {"filter": filterset, "page": page, "pickers": pickers, "today": timezone.localdate()}
    return render(request, "web/candidacy_list.html", context)


@login_required
def candidacy_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidacies = _filtered(request).qs
    log_access(user=request.user, person_ids=candidacies.values_list("person_id", flat=True),
               what="candidacy export", request=request)  # fmt: skip
    return xlsx_response(candidacies, for_user(CANDIDACY_COLUMNS, request.user), name="ho-so")


@login_required
def candidacy_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # The cell's kind in the same row: the review path asks for it.
    candidacy = get_object_or_404(candidacy_list_selector(request.user).select_related("cell__kind"), pk=pk)
    log_access(user=request.user, person_ids=[candidacy.person_id], what="candidacy page", request=request)
    # One read of the case's documents and mentorships for every step judged and the checklist (a GET
    # writes no evidence meanwhile): the gate and the catalogue each asked for them again otherwise.
    with case_file_snapshot():
        may_edit = user_may_edit_unit(request.user, candidacy.cell)
        # Auditors read: no action is offered to them, and their POSTs are refused (403).
        steps = gate.offered_steps(user=request.user, candidacy=candidacy) if may_edit else []
        # Forward steps first; exits (withdraw, reject) last, as they close the file.
        allowed = [
            (step, actions.evidence_form(step.name, candidacy, auto_id=f"id_{step.name}_%s"))
            for step in sorted(steps, key=lambda step: step.irreversible)
            if step.allowed
        ]
        timeline = candidacy_timeline(candidacy, user=request.user if may_edit else None)
        checklist = document_checklist(candidacy)
        # The snapshot's rows (newest first, with their mentors) are the ones the page lists.
        evidence = case_file(candidacy)
        documents = list(reversed(evidence.documents)) if evidence else []
        context: dict[str, Any] = {
            "candidacy": candidacy,
            "person": candidacy.person,
            "timeline": timeline,
            "checklist": checklist,
            "documents": documents,
            "mentorships": sorted(evidence.mentorships, key=lambda row: (row.assigned_on, row.pk)) if evidence else [],
            "offered_forms": forms_offered(
                candidacy,
                next_codes={item.code for item in checklist},
                taken={entry.log.action for entry in timeline},
                on_file={document.form_code for document in documents},
            ),
            "may_edit": may_edit,
            "allowed_steps": allowed,
            "blocked_steps": [
                (step, actions.blockers_with_remedies(request.user, candidacy, step.blockers))
                for step in steps
                if not step.allowed
            ],
            "next_steps": [step for step in steps if not step.irreversible],
            "today": timezone.localdate(),
            "next": request.get_full_path(),
        }
    context["missing"] = [item for item in context["checklist"] if item.is_missing]
    return render(request, "web/candidacy_detail.html", context)


@login_required
def document_file(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A scan, only to those who may see the candidacy (another unit's answers 404), as a download of
    the stored type under a generated name (``workflows.scans.scan_response``)."""
    candidacy = get_object_or_404(candidacy_list_selector(request.user), pk=pk)
    document = get_object_or_404(candidacy.documents, pk=document_pk)
    response = scans.document_scan_response(document)
    log_access(user=request.user, person_ids=[candidacy.person_id], what=f"document scan {document.pk}",
               request=request)  # fmt: skip
    return response


def _service_errors(form: forms.BaseForm, error: ActionNotAllowed | EvidenceInvalid) -> None:
    if isinstance(error, ActionNotAllowed):
        for reason in error.reasons:
            form.add_error(None, reason)
        return
    for name, messages_ in error.errors.items():
        form.add_error(name if name in form.fields else None, messages_)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidacy = editable_candidacy(request, pk)
    form = mentor_form(
        MentorAssignForm, request.POST or None, candidacy=candidacy, people=mentor_candidates(request.user, candidacy),
        initial={"kind": request.GET.get("kind", ""), "mentor": request.GET.get("mentor", "")},
    )  # fmt: skip
    # Beyond a few dozen members in scope, a search (htmx as you type, a GET form without JavaScript)
    # replaces the drop-down; the form keeps the chosen member's id.
    picker = None
    if members_need_a_search(request, candidacy):
        form.fields["mentor"].widget = forms.HiddenInput()
        picker = member_picker(request, candidacy, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mentor_assign(
                actor=request.user, candidacy=candidacy, mentor=data["mentor"], kind=data["kind"],
                assigned_on=data["assigned_on"], months_together=data.get("months_together"),
                organisation_introduction=data.get("organisation_introduction") or "",
                is_replacement=data.get("is_replacement", False), reason=data.get("reason", ""),
                together_by=data["together_by"], replaces=data.get("replaces"),
            )  # fmt: skip
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("%(mentor)s is assigned.") % {"mentor": data["mentor"]})
            return redirect("candidacy-detail", pk=candidacy.pk)
    context = {"candidacy": candidacy, "person": candidacy.person, "form": form, "title": _("Assign a party member"),
               "picker": picker, "picker_kind": request.GET.get("kind", "")}  # fmt: skip
    return render(request, "web/candidacy_form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidacy = editable_candidacy(request, pk)
    initial = {"form_code": request.GET.get("form_code", "")}
    form = actions.adapt_for_web(
        DocumentAddForm(request.POST or None, request.FILES or None, candidacy=candidacy, initial=initial)
    )
    if request.method == "POST" and form.is_valid():
        try:
            document_add(actor=request.user, candidacy=candidacy, **form.cleaned_data)
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is added to the file."))
            return redirect("candidacy-detail", pk=candidacy.pk)
    context = {"candidacy": candidacy, "person": candidacy.person, "form": form, "title": _("Add a document"),
               "choose_files_again": bool(request.FILES)}  # fmt: skip
    return render(request, "web/candidacy_form.html", context, status=422 if form.errors else 200)

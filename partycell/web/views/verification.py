"""The background-verification page of a candidate's file, and its three forms.

Whoever may see the case reads the page; the forms are offered to those the gate lets take the
action (the grassroots organisation's staff), and each POST calls one service of
``workflows.verification_services``, whose errors are shown next to the fields with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.selectors import user_may_edit_unit
from partycell.web.actions import adapt_for_web
from partycell.web.selectors import candidacy_list
from partycell.web.views.actions import editable_candidacy
from workflows import gate
from workflows.catalogue import DocumentKind, expires_on
from workflows.enums import Action, FormCode
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
from workflows.models import Candidacy
from workflows.rules import RuleReader
from workflows.verification import VerificationRequest
from workflows.verification_forms import VerificationReplyForm, VerificationRequestForm, VerificationSubjectForm
from workflows.verification_services import (
    commune_choices,
    verification_reply_record,
    verification_request_send,
    verification_subject_add,
    verification_subjects,
    verification_summary,
)

VERIFICATION_ACTIONS = (
    Action.VERIFICATION_SUBJECT_ADD, Action.VERIFICATION_REQUEST_SEND, Action.VERIFICATION_REPLY_RECORD,
)  # fmt: skip


def _may(request: AuthenticatedHttpRequest, candidacy: Candidacy, action: str) -> bool:
    """The gate's answer for this user today (a read-only user is never offered a write)."""
    if not user_may_edit_unit(request.user, candidacy.cell):
        return False
    return not gate.refusals(user=request.user, candidacy=candidacy, action=action, on=timezone.localdate())


def _writable(request: AuthenticatedHttpRequest, pk: int, action: str) -> Candidacy:
    """The case if the user may see it (else 404), change it (else 403) and take ``action`` on it (else 404:
    a step that is not theirs is never offered, so never linked)."""
    candidacy: Candidacy = editable_candidacy(request, pk)
    refused = gate.refusals(user=request.user, candidacy=candidacy, action=action, on=timezone.localdate())
    if refused:
        raise Http404(" ".join(refused))
    return candidacy


def _page_url(candidacy: Candidacy) -> str:
    return reverse("candidacy-verification", args=[candidacy.pk])


def _conclusion(request: AuthenticatedHttpRequest, candidacy: Candidacy, summary: Any) -> dict[str, Any]:
    """The overall conclusion (the newest TT-LL), the last day the cell may vote on it, and where to record
    a new one: the step while the file is open, else "add a document" (a supplementary verification)."""
    today = timezone.localdate()
    document = summary.conclusion
    kind = DocumentKind.objects.filter(code=FormCode.VERIFICATION).first()
    valid_until = expires_on(kind, document.issued_on, RuleReader(today)) if document and kind else None
    record_url = ""
    if user_may_edit_unit(request.user, candidacy.cell):
        step = gate.judge(user=request.user, candidacy=candidacy, action=Action.HISTORY_VERIFY, on=today)
        if step.offered:
            record_url = reverse("candidacy-action", args=[candidacy.pk, Action.HISTORY_VERIFY.value])
        elif _may(request, candidacy, Action.DOCUMENT_ADD):
            record_url = f"{reverse('document-upload', args=[candidacy.pk])}?form_code={FormCode.VERIFICATION.value}"
    return {"document": document, "valid_until": valid_until, "record_url": record_url}


@login_required
def verification_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidacy = get_object_or_404(candidacy_list(request.user).select_related("person", "cell"), pk=pk)
    subjects = verification_subjects(candidacy)
    summary = verification_summary(candidacy, subjects)
    context = {
        "candidacy": candidacy,
        "person": candidacy.person,
        "subjects": subjects,
        "summary": summary,
        "conclusion": _conclusion(request, candidacy, summary),
        "may": {action.value: _may(request, candidacy, action) for action in VERIFICATION_ACTIONS},
        "today": timezone.localdate(),
    }
    return render(request, "web/verification.html", context)


def _service_errors(form: forms.Form, error: ActionNotAllowed | EvidenceInvalid) -> None:
    if isinstance(error, ActionNotAllowed):
        for reason in error.reasons:
            form.add_error(None, reason)
        return
    for name, found in error.errors.items():
        form.add_error(name if name in form.fields else None, found)


def _form_page(
    request: AuthenticatedHttpRequest,
    candidacy: Candidacy,
    form: forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows ``form``; a valid POST calls ``save`` (one service) and goes back to the page."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_page_url(candidacy))
    page = {"candidacy": candidacy, "person": candidacy.person, "form": form, "title": title,
            "back_url": _page_url(candidacy), **(context or {})}  # fmt: skip
    return render(request, "web/verification_form.html", page, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def verification_subject_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidacy = _writable(request, pk, Action.VERIFICATION_SUBJECT_ADD)
    initial = {"relation": request.GET.get("relation", "")}
    form = adapt_for_web(VerificationSubjectForm(request.POST or None, candidacy=candidacy, initial=initial))

    def save(data: dict[str, Any]) -> object:
        return verification_subject_add(actor=request.user, candidacy=candidacy, **data)

    return _form_page(request, candidacy, form, title=_("Add a person to verify"), save=save,
                      done=_("The person is added to the verification list."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def verification_request_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidacy = _writable(request, pk, Action.VERIFICATION_REQUEST_SEND)
    initial = {"subject": request.GET.get("subject", ""), "assignee": request.user.pk, "cost_vnd": 0}
    form = adapt_for_web(
        VerificationRequestForm(request.POST or None, request.FILES or None, candidacy=candidacy, initial=initial)
    )
    # Choosing a province loads its communes (htmx); without JavaScript the locality can be typed.
    form.fields["province_code"].widget.attrs.update({
        "hx-get": reverse("verification-communes"), "hx-target": "#id_commune_code", "hx-trigger": "change",
        "hx-swap": "innerHTML",
    })  # fmt: skip

    def save(data: dict[str, Any]) -> object:
        fields = {name: value for name, value in data.items() if name != "subject"}
        return verification_request_send(actor=request.user, subject=data["subject"], **fields)

    return _form_page(request, candidacy, form, title=_("Record a verification letter sent"), save=save,
                      done=_("The letter is recorded; its reply is awaited."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def verification_reply_new(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    candidacy = _writable(request, pk, Action.VERIFICATION_REPLY_RECORD)
    letter = get_object_or_404(
        VerificationRequest.objects.select_related("subject"), pk=request_pk, subject__candidacy=candidacy
    )
    letter.subject.candidacy = candidacy
    form = adapt_for_web(VerificationReplyForm(request.POST or None, request.FILES or None, candidacy=candidacy))

    def save(data: dict[str, Any]) -> object:
        return verification_reply_record(actor=request.user, request=letter, **data)

    return _form_page(request, candidacy, form, title=_("Record the reply to a verification letter"), save=save,
                      done=_("The reply is recorded."), context={"letter": letter})  # fmt: skip


@login_required
@require_GET
def verification_communes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The commune options of one province, for the letter form's commune list (htmx)."""
    try:
        province = int(request.GET.get("province_code", ""))
    except ValueError:
        province = None
    communes = commune_choices(province) if province is not None else ()
    return render(request, "web/_commune_options.html", {"communes": communes})

"""Taking a step on a candidacy: the evidence form, then a confirmation page, then the service.

Screen 1 (GET, or POST ``step=review``): the evidence form. A valid submission shows screen 2, the
confirmation, carrying every value (and the stashed scans) in the page. Screen 2 (POST
``step=confirm``) calls ``candidacy_perform`` once. Whatever goes wrong (a bad value, someone else
changed the candidacy, the step is no longer allowed) shows screen 1 again with everything typed;
the scans are discarded then, and the page asks for them again (a browser cannot refill a file input).
"""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.selectors import user_may_edit_unit
from partycell.web import actions
from partycell.web.forms import ConfirmForm
from partycell.web.selectors import candidacy_list
from workflows import actions as actions_registry
from workflows import gate, scans
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy, UnknownAction
from workflows.gate import Verdict
from workflows.models import Candidacy
from workflows.services import candidacy_perform


def editable_candidacy(request: AuthenticatedHttpRequest, pk: int) -> Candidacy:
    """The candidacy if the user may see it (else 404) and may change it (else 403)."""
    candidacy = get_object_or_404(candidacy_list(request.user), pk=pk)
    if not user_may_edit_unit(request.user, candidacy.cell):
        raise PermissionDenied(_("You may read this candidacy but not change it."))
    return candidacy


def _verdict(request: AuthenticatedHttpRequest, candidacy: Candidacy, action: str) -> Verdict:
    """The gate's answer for this step today; 404 for a name that is not a stage-moving action."""
    try:
        spec = actions_registry.spec(action)
    except UnknownAction:
        raise Http404(_("No such step.")) from None
    if spec.keeps_stage or spec.evidence_form is None:
        raise Http404(_("No such step."))
    return gate.judge(user=request.user, candidacy=candidacy, action=action)


def _next_url(request: HttpRequest, candidacy: Candidacy) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return candidacy_url(candidacy)


def candidacy_url(candidacy: Candidacy) -> str:
    return reverse("candidacy-detail", args=[candidacy.pk])


def _form_page(
    request: AuthenticatedHttpRequest,
    candidacy: Candidacy,
    availability: Verdict,
    form: forms.Form,
    *,
    status: int = 200,
    expected_stage: str | None = None,
) -> HttpResponse:
    context = {
        "candidacy": candidacy,
        "person": candidacy.person,
        "availability": availability,
        "blockers": actions.blockers_with_remedies(request.user, candidacy, availability.blockers),
        "form": form,
        # Scans chosen before are not in a form shown again: say so next to the evidence.
        "choose_files_again": bool(request.FILES or request.POST.get("pending_files"))
        and bool(actions.declared_file_fields(type(form))),
        "expected_stage": expected_stage or candidacy.stage,
        "next": _next_url(request, candidacy),
    }
    return render(request, "web/action_form.html", context, status=status)


def _summary(form: forms.Form) -> list[tuple[str, Any]]:
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        # ``0 in (..., False)`` is true in Python: test by identity, so "Against: 0" is shown.
        if value is None or value is False or (isinstance(value, str | list) and not value):
            continue
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        if hasattr(value, "name") and not hasattr(value, "pk"):
            value = scans.display_name(value.name)
        rows.append((str(field.label or name), value))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    candidacy = editable_candidacy(request, pk)
    availability = _verdict(request, candidacy, action)
    if request.method == "GET":
        if not availability.offered:
            # Not this user's step, or not on this case's path now: never offered, so never linked.
            raise Http404(" ".join(availability.refusals))
        return _form_page(request, candidacy, availability, actions.evidence_form(action, candidacy))

    recorded = _already_recorded(request, candidacy)
    if recorded is not None:
        return recorded
    expected_stage = request.POST.get("expected_stage") or candidacy.stage
    if expected_stage != candidacy.stage or not availability.offered:
        # Someone else moved the candidacy on since the form was shown: say so, keep the input.
        actions.discard_stash(request, request.POST.get("pending_files", ""))
        form = actions.evidence_form(action, candidacy, request.POST, request.FILES)
        form.is_valid()
        form.add_error(None, StaleCandidacy().message if expected_stage != candidacy.stage else
                       " ".join(availability.refusals))  # fmt: skip
        return _form_page(request, candidacy, availability, form, status=409, expected_stage=expected_stage)
    if request.POST.getlist("step")[-1:] == ["back"]:
        # From the confirmation back to the form, with everything typed (scans must be chosen again).
        actions.discard_stash(request, request.POST.get("pending_files", ""))
        form = actions.evidence_form(action, candidacy, request.POST)
        return _form_page(request, candidacy, availability, form, expected_stage=expected_stage)
    if request.POST.get("step") == "confirm":
        return _confirm(request, candidacy, availability, expected_stage)
    form = actions.evidence_form(action, candidacy, request.POST, request.FILES)
    # The guards are judged on the event date by the service, at confirmation (the form itself may
    # add what they need, e.g. the provincial consent with the decision); the page shows them above.
    if not form.is_valid():
        return _form_page(request, candidacy, availability, form, status=422, expected_stage=expected_stage)
    context = {
        "candidacy": candidacy,
        "person": candidacy.person,
        "availability": availability,
        "summary": _summary(form),
        "submitted": actions.submitted_data(request.POST),
        "pending_files": actions.stash_scans(request, form),
        # One token per confirmation page: a second submit of the same page finds it recorded.
        "submission": uuid.uuid4().hex,
        "expected_stage": expected_stage,
        "confirm_form": ConfirmForm(),
        "next": _next_url(request, candidacy),
    }
    return render(request, "web/action_confirm.html", context)


def _confirm(
    request: AuthenticatedHttpRequest, candidacy: Candidacy, availability: Verdict, expected_stage: str
) -> HttpResponse:
    """Screen 2: record the step, or show screen 1 again with the input and what went wrong. Either
    way the stashed scans are discarded: recorded in the file, or to be chosen again."""
    token = request.POST.get("pending_files", "")
    form_class = actions.action_form_class(availability.name)
    assert form_class is not None  # _verdict admits only the actions with an evidence form
    declared = actions.declared_file_fields(form_class)
    stash = actions.unstash_scans(request, token, declared=declared) if token else ({}, [])
    actions.discard_stash(request, token)
    files, missing = stash or ({}, [])
    form = actions.evidence_form(availability.name, candidacy, request.POST, files)
    if stash is None or missing:
        # Never record the step without a scan the user chose: ask for it again.
        form.is_valid()
        if stash is None:
            form.add_error(None, _("The scans chosen on the form were not kept (the session ended). "
                                   "Choose them again."))  # fmt: skip
        for name in missing:
            form.add_error(name, _("The scan chosen for this field was not kept (a day has passed). "
                                   "Choose it again."))  # fmt: skip
        return _form_page(request, candidacy, availability, form, status=422, expected_stage=expected_stage)
    confirm_form = ConfirmForm(request.POST)
    if not confirm_form.is_valid():
        messages.error(request, _("Tick the confirmation box to record this step."))
        form.is_valid()
        return _form_page(request, candidacy, availability, form, status=422, expected_stage=expected_stage)
    try:
        updated = candidacy_perform(
            actor=request.user, candidacy=candidacy, action=availability.name, data=request.POST, files=files,
            expected_stage=expected_stage,
        )  # fmt: skip
    except StaleCandidacy as error:
        form.is_valid()
        form.add_error(None, error.message)
        return _form_page(request, candidacy, availability, form, status=409, expected_stage=expected_stage)
    except EvidenceInvalid as error:
        form.is_valid()
        for field, errors in error.errors.items():
            for message in errors:
                form.add_error(None if field == "__all__" or field not in form.fields else field, message)
        return _form_page(request, candidacy, availability, form, status=422, expected_stage=expected_stage)
    except ActionNotAllowed as error:
        form.is_valid()
        for reason in error.reasons:
            form.add_error(None, reason)
        return _form_page(request, candidacy, availability, form, status=409, expected_stage=expected_stage)
    _remember_recorded(request, request.POST.get("submission", ""))
    messages.success(
        request,
        _("Recorded: %(action)s. %(name)s is now at the stage “%(stage)s”.")
        % {"action": availability.label, "name": updated.person.full_name, "stage": updated.get_stage_display()},
    )
    return redirect(_next_url(request, candidacy))


_RECORDED_KEY = "partycell_recorded_steps"


def _remember_recorded(request: HttpRequest, token: str) -> None:
    """Keep the confirmation's token: the back button or a second tap then finds the step recorded."""
    if token:
        recorded = [t for t in request.session.get(_RECORDED_KEY, []) if t != token][-49:]
        request.session[_RECORDED_KEY] = [*recorded, token]


def _already_recorded(request: HttpRequest, candidacy: Candidacy) -> HttpResponse | None:
    """The confirmation was submitted before and recorded: land on the case, not on an error."""
    token = request.POST.get("submission", "")
    if request.POST.get("step") != "confirm" or not token or token not in request.session.get(_RECORDED_KEY, []):
        return None
    messages.info(request, _("This step was already recorded."))
    # On the case itself: the page the step came from (the home page, the to-do) may no longer list it.
    return redirect(candidacy_url(candidacy))

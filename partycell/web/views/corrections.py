"""Corrections users make themselves, never silently: a person's record, a helper's or introducer's
assignment, the one-time extension of a decision deadline, a recorded step (corrected, or reversed).
Each asks the gate (or the scope predicate), calls one service, and leaves an entry with who, when and why."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.people.models import Person
from partycell.people.services import person_update
from partycell.selectors import people_visible_to, user_may_edit_unit
from partycell.web.actions import adapt_for_web
from partycell.web.forms import CandidateRegistrationForm
from partycell.web.views.actions import editable_candidacy
from workflows import gate
from workflows.amendment_services import correction_form, step_correct, step_reverse
from workflows.enums import Action
from workflows.evidence import DeadlineExtendForm, MentorEndForm, StepCorrectionReasonForm, StepReverseForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy
from workflows.models import Candidacy, TransitionLog
from workflows.services import deadline_extend, mentor_end


class PersonCorrectionForm(forms.ModelForm):
    """The person's record as registered, plus the reason for the correction (required)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Kept with the change, with your name and the time."),
    )  # fmt: skip

    class Meta:
        model = Person
        fields = CandidateRegistrationForm.Meta.fields
        widgets = CandidateRegistrationForm.Meta.widgets

    def _post_clean(self) -> None:
        # The service validates the whole record (and keeps the saved one if anything is wrong).
        pass


def _service_errors(form: forms.BaseForm, error: Exception) -> None:
    if isinstance(error, ActionNotAllowed):
        for reason in error.reasons:
            form.add_error(None, reason)
    elif isinstance(error, EvidenceInvalid):
        for name, messages_ in error.errors.items():
            form.add_error(name if name in form.fields else None, messages_)
    elif isinstance(error, ValidationError):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    if not user_may_edit_unit(request.user, person.unit):
        raise PermissionDenied(_("You may read this record but not change it."))
    form = adapt_for_web(PersonCorrectionForm(request.POST or None, instance=Person.objects.get(pk=pk)))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PersonCorrectionForm.Meta.fields}
        try:
            person_update(actor=request.user, person=person, data=data, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The record of %(name)s is corrected.") % {"name": person.full_name})
            return redirect("person-detail", pk=person.pk)
    context = {"person": person, "form": form, "title": _("Correct the record")}
    return render(request, "web/person_edit.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def mentorship_end(request: AuthenticatedHttpRequest, pk: int, mentorship_pk: int) -> HttpResponse:
    candidacy = editable_candidacy(request, pk)
    mentorship = get_object_or_404(candidacy.mentorships.select_related("mentor"), pk=mentorship_pk)
    if mentorship.ended_on is not None or gate.refusals(
        user=request.user, candidacy=candidacy, action="mentor_end", on=timezone.localdate()
    ):
        raise Http404(_("This assignment cannot be ended here."))
    form = adapt_for_web(MentorEndForm(request.POST or None, candidacy=candidacy))
    if request.method == "POST" and form.is_valid():
        try:
            mentor_end(actor=request.user, mentorship=mentorship, ended_on=form.cleaned_data["ended_on"],
                       reason=form.cleaned_data["reason"], by_mistake=form.cleaned_data["by_mistake"])  # fmt: skip
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The assignment of %(name)s has ended.") % {"name": mentorship.mentor})
            return redirect("candidacy-detail", pk=candidacy.pk)
    title = _("End the assignment of %(name)s (%(role)s)") % {
        "name": mentorship.mentor.full_name, "role": mentorship.get_kind_display()}  # fmt: skip
    context = {"candidacy": candidacy, "person": candidacy.person, "form": form, "title": title}
    return render(request, "web/candidacy_form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def deadline_extension(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidacy = editable_candidacy(request, pk)
    if gate.refusals(user=request.user, candidacy=candidacy, action="deadline_extend", on=timezone.localdate()):
        raise Http404(_("You may not extend this deadline."))
    form = adapt_for_web(DeadlineExtendForm(request.POST or None, candidacy=candidacy))
    if request.method == "POST" and form.is_valid():
        try:
            updated = deadline_extend(actor=request.user, candidacy=candidacy, reason=form.cleaned_data["reason"])
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        else:
            due = updated.stage_due_on.strftime("%d/%m/%Y") if updated.stage_due_on else ""
            messages.success(request, _("The deadline is extended to %(date)s.") % {"date": due})
            return redirect("candidacy-detail", pk=candidacy.pk)
    context = {"candidacy": candidacy, "person": candidacy.person, "form": form,
               "title": _("Extend the decision deadline (once)")}  # fmt: skip
    return render(request, "web/candidacy_form.html", context, status=422 if form.errors else 200)


def _amended_entry(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> tuple[Candidacy, TransitionLog]:
    candidacy = editable_candidacy(request, pk)
    entry = get_object_or_404(candidacy.transitions.select_related("actor"), pk=entry_pk)
    entry.candidacy = candidacy
    return candidacy, entry


def _already_reversed_by(request: AuthenticatedHttpRequest, entry: TransitionLog) -> bool:
    """The back button or a second submit after the user's own reversal: it is recorded, not an error."""
    return entry.amendments.filter(action=Action.STEP_REVERSE, actor=request.user).exists()


def _entry_title(entry: TransitionLog) -> str:
    from partycell.web.history import action_label

    return _("“%(step)s” of %(date)s") % {"step": action_label(entry.action),
                                            "date": entry.event_date.strftime("%d/%m/%Y")}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def step_correction(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Correct the evidence values of a recorded step: the step's own form, filled with what is recorded."""
    candidacy, entry = _amended_entry(request, pk, entry_pk)
    today = timezone.localdate()
    refused = gate.amendment_refusals(user=request.user, entry=entry, action=Action.STEP_CORRECT, on=today)
    if refused:
        raise Http404(refused[0])
    posted = request.POST if request.method == "POST" else None
    form = adapt_for_web(correction_form(entry, posted))
    reason_form = StepCorrectionReasonForm(posted)
    if posted is not None and form.is_valid() and reason_form.is_valid():
        try:
            step_correct(actor=request.user, entry=entry, data=posted, reason=reason_form.cleaned_data["reason"])
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        except StaleCandidacy as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The correction is recorded; the wrong entry stays in the history, marked."))
            return redirect(f"{reverse('candidacy-detail', args=[candidacy.pk])}#entry-{entry.pk}")
    context = {"candidacy": candidacy, "person": candidacy.person, "form": form, "extra_form": reason_form,
               "title": _("Correct %(entry)s") % {"entry": _entry_title(entry)},
               "lead": _("Change the values that were recorded wrongly. The wrong entry is kept and shown as "
                         "corrected, with your name and your reason.")}  # fmt: skip
    failed = posted is not None and (form.errors or reason_form.errors)
    return render(request, "web/candidacy_form.html", context, status=422 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def step_reversal(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Reverse a step that should not have happened: back to the stage before it, with a reason."""
    candidacy, entry = _amended_entry(request, pk, entry_pk)
    if _already_reversed_by(request, entry):
        messages.info(request, _("Already recorded: this step was reversed."))
        return redirect("candidacy-detail", pk=candidacy.pk)
    today = timezone.localdate()
    refused = gate.amendment_refusals(user=request.user, entry=entry, action=Action.STEP_REVERSE, on=today)
    if refused:
        raise Http404(refused[0])
    form = adapt_for_web(StepReverseForm(request.POST or None, candidacy=candidacy))
    if request.method == "POST" and form.is_valid():
        try:
            step_reverse(actor=request.user, entry=entry, data=form.cleaned_data)
        except (ActionNotAllowed, EvidenceInvalid) as error:
            _service_errors(form, error)
        except StaleCandidacy as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The step is reversed: the case is back at “%(stage)s”.")
                             % {"stage": candidacy.get_stage_display()})  # fmt: skip
            return redirect("candidacy-detail", pk=candidacy.pk)
    context = {"candidacy": candidacy, "person": candidacy.person, "form": form,
               "title": _("Reverse %(entry)s") % {"entry": _entry_title(entry)},
               "lead": _("The case goes back to “%(stage)s”. The documents and the vote this step filed are "
                         "withdrawn, and what it changed is undone. The entry stays in the history, marked "
                         "as reversed.") % {"stage": entry.get_from_stage_display()}}  # fmt: skip
    return render(request, "web/candidacy_form.html", context, status=422 if form.errors else 200)

"""Corrections users make themselves, never silently: a person's record, a helper's or introducer's
assignment, the one-time extension of a decision deadline. Each asks the gate (or the scope predicate),
calls one service, and leaves an entry with who, when and why."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
from workflows.evidence import DeadlineExtendForm, MentorEndForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid
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

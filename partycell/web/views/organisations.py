"""The organisation tree's history for the people who keep it and audit it: what a unit was called,
where it sat and of what kind it was on a date, every dated change with its decision; and the one form
an administrator records a change with (rename, move, change of kind, merge, dissolve, a new sub-unit).
Each view scopes the unit, then reads ``organisations.history`` or calls one service."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.organisations import history
from partycell.organisations.models import OrganisationChange, Unit, UnitKind
from partycell.organisations.services import UNIT_FACTS, Decision, organisation_change_record, unit_facts_update
from partycell.selectors import user_is_administrator, user_may_edit_unit, user_may_see_unit
from partycell.web.actions import adapt_for_web
from partycell.web.selectors import units_for_tree_change
from partycell.web.unit_field import search_units_when_many
from partycell.web.views.corrections import _service_errors
from workflows.evidence import date_field

Change = OrganisationChange.Change


def _visible_unit(request: AuthenticatedHttpRequest, pk: int) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("kind"), pk=pk)
    if not user_may_see_unit(request.user, unit):
        raise Http404(_("This party organisation is outside your area."))
    return unit


class AsOfForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("On the date"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip


@login_required
@require_GET
def unit_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    form = adapt_for_web(AsOfForm(request.GET or None))
    state = None
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        state = history.unit_state_on(unit, on=form.cleaned_data["on"])
    context = {
        "unit": unit,
        "form": form,
        "state": state,
        "changes": history.changes_of(unit),
        "successor": history.successor_of(unit),
        "predecessors": history.predecessors_of(unit),
        "may_record": user_is_administrator(request.user) and user_may_edit_unit(request.user, unit),
        "title": _("History of %(unit)s") % {"unit": unit},
    }
    return render(request, "web/unit_history.html", context, status=422 if form.errors else 200)


class OrganisationChangeForm(forms.Form):
    """One change as an administrator enters it; the service checks the rest (order, cycles, people)."""

    change = forms.ChoiceField(label=gettext_lazy("Kind of change"), choices=Change.choices)
    effective_on = date_field(gettext_lazy("In effect from"))
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64,
                                      help_text=gettext_lazy('As printed, e.g. "1234-QĐ/TU".'))  # fmt: skip
    decision_date = date_field(gettext_lazy("Decision dated"))
    issuing_body = forms.CharField(label=gettext_lazy("Issued by"), max_length=255,
                                   help_text=gettext_lazy("e.g. Ban Thường vụ Tỉnh ủy Thái Nguyên"))  # fmt: skip
    name = forms.CharField(label=gettext_lazy("New name"), max_length=255, required=False,
                           help_text=gettext_lazy("For a rename, or the name of a new sub-unit."))  # fmt: skip
    new_parent = forms.ModelChoiceField(label=gettext_lazy("Placed under"), queryset=Unit.objects.none(),
                                        required=False, help_text=gettext_lazy("For a move."))  # fmt: skip
    kind = forms.ModelChoiceField(label=gettext_lazy("New kind"), queryset=UnitKind.objects.all(), required=False,
                                  help_text=gettext_lazy("For a change of kind, a move that changes it, or a new "
                                                         "sub-unit."))  # fmt: skip
    into = forms.ModelChoiceField(label=gettext_lazy("Merged into"), queryset=Unit.objects.none(), required=False,
                                  help_text=gettext_lazy("For a merger: the unit that continues."))  # fmt: skip
    code = forms.CharField(label=gettext_lazy("Code of the new sub-unit"), max_length=64, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        in_scope = units_for_tree_change(user)  # type: ignore[arg-type]
        # Drop-downs in a commune; a search where the units are too many to list (a province).
        search_units_when_many(self, "new_parent", "tree", in_scope)
        search_units_when_many(self, "into", "tree", in_scope)


@login_required
@require_http_methods(["GET", "POST"])
def unit_change_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    if not (user_is_administrator(request.user) and user_may_edit_unit(request.user, unit)):
        raise PermissionDenied(_("Only an administrator of this area records changes to the tree."))
    form = adapt_for_web(OrganisationChangeForm(request.POST or None, user=request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = Decision(data["decision_number"], data["decision_date"], data["issuing_body"])
        try:
            changed = organisation_change_record(
                unit=unit, change=data["change"], decision=decision, effective_on=data["effective_on"], data=data,
                actor=request.user,
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The change of %(unit)s is recorded.") % {"unit": changed})
            return redirect("unit-history", pk=changed.pk)
    context = {"unit": unit, "form": form, "title": _("Record a change of %(unit)s") % {"unit": unit},
               "today": timezone.localdate(), "min_date": datetime.date(1930, 2, 3)}  # fmt: skip
    return render(request, "web/unit_change_form.html", context, status=422 if form.errors else 200)


class UnitFactsForm(forms.ModelForm):
    """The unit's standing facts (not changes by decision); the service checks what fits the unit."""

    class Meta:
        model = Unit
        fields = list(UNIT_FACTS)


@login_required
@require_http_methods(["GET", "POST"])
def unit_facts_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    if not (user_is_administrator(request.user) and user_may_edit_unit(request.user, unit)):
        raise PermissionDenied(_("Only an administrator of this area records changes to the tree."))
    form = UnitFactsForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            changed = unit_facts_update(unit=unit, actor=request.user, facts=form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            if changed:
                messages.success(request, _("The facts of %(unit)s are saved.") % {"unit": unit})
            return redirect("unit-history", pk=unit.pk)
    context = {"unit": unit, "form": form, "title": _("Facts of %(unit)s") % {"unit": unit}}
    return render(request, "web/unit_facts_form.html", context, status=422 if form.errors else 200)

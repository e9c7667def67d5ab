"""One party-awareness class for a whole roster of candidates, recorded at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.selectors import units_visible_to, user_edits_anything
from partycell.web.forms import AwarenessRosterForm
from partycell.web.selectors import awareness_roster
from partycell.web.services import AwarenessClass, RosterRejected, awareness_class_record_many


@login_required
@require_http_methods(["GET", "POST"])
def awareness_class(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not user_edits_anything(request.user):
        raise PermissionDenied(_("You may not record classes."))
    units = units_visible_to(request.user, editing=True).order_by("path")
    unit_id = request.GET.get("unit", "")
    unit = units.filter(pk=unit_id).first() if unit_id.isdigit() else None
    form = AwarenessRosterForm(request.POST or None, candidacies=awareness_roster(request.user, unit=unit))
    row_errors: dict[int, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = AwarenessClass(data["starts_on"], data["ends_on"], data["issued_on"], data["issuer"])
        try:
            done = awareness_class_record_many(actor=request.user, session=session, certificates=form.certificates())
        except RosterRejected as error:
            row_errors = error.errors
            messages.error(request, _("Nothing was recorded: correct the marked rows and submit again."))
        else:
            messages.success(request, _("The class is recorded for %(count)s candidates.") % {"count": len(done)})
            return redirect("awareness-class")
    rows = [(candidacy, tick, number, row_errors.get(candidacy.pk, [])) for candidacy, tick, number in form.rows()]
    context = {"form": form, "rows": rows, "units": units, "unit": unit}
    return render(request, "web/awareness_class.html", context, status=422 if form.errors or row_errors else 200)

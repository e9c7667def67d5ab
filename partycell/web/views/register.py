"""Registering a candidate in one form: the person and the candidacy, together."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.privacy.notice import privacy_notice
from partycell.web.forms import CandidateRegistrationForm
from partycell.web.selectors import cells_for_registration
from partycell.web.services import candidate_register
from workflows.exceptions import ActionNotAllowed


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the matching fields (the person's unit is the cell)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        name = "cell" if name == "unit" else name
        form.add_error(name if name in form.fields else None, messages_)


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    cells = cells_for_registration(request.user)
    if not cells.exists():
        raise PermissionDenied(_("You may not register candidates."))
    form = CandidateRegistrationForm(request.POST or None, cells=cells)
    if request.method == "POST" and form.is_valid():
        try:
            candidacy = candidate_register(
                actor=request.user, person_data=form.person_data(), cell=form.cleaned_data["cell"],
                **form.candidacy_data(),
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        except ActionNotAllowed as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("%(name)s is registered as a candidate.") % {"name": candidacy.person})
            return redirect("candidacy-detail", pk=candidacy.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "privacy_notice": privacy_notice()}
    return render(request, "web/candidacy_register.html", context, status=status)

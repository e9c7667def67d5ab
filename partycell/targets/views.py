"""Pages of the targets app. Thin: parse input, call one selector or service, pick a response.

Every unit comes from ``units_visible_to(request.user)``, so a foreign id answers 404; changes also
need the editing scope (auditors read only).
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.operations.replica import replica_reads
from partycell.organisations.models import Unit
from partycell.paperwork.reports import report_parts
from partycell.rulebook.selectors import RuleNotInForce
from partycell.selectors import scope_paths_for, units_visible_to, user_may_edit_unit
from partycell.targets.arithmetic import ROUNDING_RULE
from partycell.targets.enums import TargetKind
from partycell.targets.export import dashboard_workbook
from partycell.targets.forms import AllocationForm, PeriodForm, TargetCreateForm, TargetEditForm
from partycell.targets.models import Target
from partycell.targets.selectors.compliance import compliance_audit
from partycell.targets.selectors.dashboard import periods, pick_period, unit_dashboard, visible_ancestors
from partycell.targets.services import (
    OutOfScope,
    allocation_proposal,
    period_create,
    target_set,
    targets_allocate,
    user_may_create_period,
)
from partycell.web.exports import export_filename
from workflows.enums import Stage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Export file names are Vietnamese, like the other exports: chi-tieu-ket-nap-<unit code>-<day>.xlsx.
EXPORT_KIND_NAMES = {TargetKind.ADMISSIONS: "ket-nap", TargetKind.RECOGNITIONS: "cong-nhan"}


def _visible_unit(request: AuthenticatedHttpRequest, pk: int) -> Unit:
    return get_object_or_404(units_visible_to(request.user), pk=pk)


def _visible_target(request: AuthenticatedHttpRequest, pk: int) -> Target:
    visible = Target.objects.filter(unit__in=units_visible_to(request.user)).select_related("unit", "period")
    return get_object_or_404(visible, pk=pk)


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind")
    return kind if kind in TargetKind.values else TargetKind.ADMISSIONS


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "targets/forbidden.html", {"message": message}, status=403)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's top units; straight to the dashboard when there is only one."""
    paths = scope_paths_for(request.user)
    tops = Unit.objects.filter(depth=1) if paths is None else Unit.objects.filter(path__in=paths)
    roots = list(tops.select_related("kind").order_by("path"))
    if len(roots) == 1:
        return redirect("targets:unit", pk=roots[0].pk)
    return render(request, "targets/home.html", {"roots": roots})


def _dashboard_context(request: AuthenticatedHttpRequest, unit: Unit) -> dict[str, Any]:
    today = timezone.localdate()
    all_periods = periods()
    period = pick_period(all_periods, requested=request.GET.get("period"), today=today)
    context: dict[str, Any] = {
        "unit": unit,
        "periods": all_periods,
        "period": period,
        "kind": _kind(request),
        "kinds": TargetKind.choices,
        "today": today,
        "rounding_rule": ROUNDING_RULE,
        "ancestors": visible_ancestors(request.user, unit),
        "can_edit": user_may_edit_unit(request.user, unit),
        "can_add_period": user_may_create_period(request.user),
    }
    if period is not None:
        context["dashboard"] = unit_dashboard(unit=unit, period=period, kind=context["kind"], today=today)
    return context


@login_required
@replica_reads
def unit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    return render(request, "targets/dashboard.html", _dashboard_context(request, unit))


@login_required
@replica_reads
def unit_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    context = _dashboard_context(request, unit)
    # The Party's report format (heading, number, place and date, compliance, signature): paperwork.
    context.update(report_parts(unit=unit, dashboard=context.get("dashboard"), kind=context["kind"],
                                today=context["today"], number=request.GET.get("number", ""),
                                signer=request.GET.get("signer", "")))  # fmt: skip
    return render(request, "targets/print.html", context)


@login_required
@replica_reads
def unit_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    context = _dashboard_context(request, unit)
    if context["period"] is None:
        return redirect("targets:unit", pk=unit.pk)
    response = HttpResponse(dashboard_workbook(context["dashboard"]), content_type=XLSX)
    name = f"chi-tieu-{EXPORT_KIND_NAMES[context['kind']]}-{slugify(unit.code)}"
    response["Content-Disposition"] = content_disposition_header(True, export_filename(name))
    return response


def _threshold(request: HttpRequest) -> Decimal:
    default = Decimal(str(getattr(settings, "TARGETS_REMOVAL_ALERT_RATIO", "0.10")))
    try:
        value = Decimal(request.GET.get("threshold", "").replace(",", ".") or default)
    except InvalidOperation:
        return default
    return value if value >= 0 else default


@login_required
@replica_reads
def compliance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    today = timezone.localdate()
    all_periods = periods()
    period = pick_period(all_periods, requested=request.GET.get("period"), today=today)
    threshold = _threshold(request)
    audit = None
    no_rules = ""
    if period is not None:
        try:
            audit = compliance_audit(unit=unit, period=period, today=today, removal_threshold=threshold)
        except RuleNotInForce as error:  # a period older than the rulebook: nothing to audit against
            no_rules = str(error)
    context = {
        "unit": unit, "periods": all_periods, "period": period, "audit": audit, "threshold": threshold,
        "no_rules": no_rules,
        "ancestors": visible_ancestors(request.user, unit), "removed": Stage.REMOVED,
    }  # fmt: skip
    return render(request, "targets/compliance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not user_may_create_period(request.user):
        return _forbidden(request, _("Only party committee staff and administrators add target periods."))
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = period_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Period %(name)s added.") % {"name": period.name})
            target = request.GET.get("next", "")
            # Only a page of this site: never an address another site put in the link (open redirect).
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):  # fmt: skip
                target = "targets:home"
            return redirect(target or "targets:home")
    return render(request, "targets/period_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def target_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if scope_paths_for(request.user, editing=True) == []:
        return _forbidden(request, _("Auditors read targets; only committee roles may set them."))
    initial = {"unit": request.GET.get("unit"), "period": request.GET.get("period"), "kind": request.GET.get("kind")}
    form = TargetCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = target_set(
                unit=data["unit"], period=data["period"], kind=data["kind"], dimension=data["dimension"],
                basis=data["basis"], number=data["number"], percent=data["percent"],
                reference_date=data["reference_date"], note=data["note"], actor=request.user, reason=data["reason"],
            )  # fmt: skip
        except (ValidationError, OutOfScope) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Target saved: %(amount)s people.") % {"amount": target.amount})
            return redirect(_dashboard_url(target))
    return render(request, "targets/target_form.html", {"form": form, "rounding_rule": ROUNDING_RULE})


def _dashboard_url(target: Target) -> str:
    return f"{reverse('targets:unit', args=[target.unit_id])}?period={target.period_id}&kind={target.kind}"


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = _visible_target(request, pk)
    if not user_may_edit_unit(request.user, target.unit):
        return _forbidden(request, _("You may read this target but not change it."))
    initial = {
        "basis": target.basis, "number": target.number, "percent": target.percent,
        "reference_date": target.reference_date, "note": target.note,
    }  # fmt: skip
    form = TargetEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = target_set(
                unit=target.unit, period=target.period, kind=target.kind, dimension=target.dimension,
                basis=data["basis"], number=data["number"], percent=data["percent"],
                reference_date=data["reference_date"], note=data["note"], actor=request.user, reason=data["reason"],
            )  # fmt: skip
        except (ValidationError, OutOfScope) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Target saved: %(amount)s people.") % {"amount": target.amount})
            return redirect(_dashboard_url(target))
    return render(request, "targets/target_form.html", {"form": form, "target": target, "rounding_rule": ROUNDING_RULE})


@login_required
def target_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = _visible_target(request, pk)
    changes = target.changes.select_related("actor")
    return render(request, "targets/target_history.html", {"target": target, "changes": changes})


@login_required
@require_http_methods(["GET", "POST"])
def target_allocate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = _visible_target(request, pk)
    if not user_may_edit_unit(request.user, target.unit):
        return _forbidden(request, _("You may read this target but not change it."))
    children = list(Unit.objects.get_children(target.unit))
    proposal = allocation_proposal(target=target, children=children)
    form = AllocationForm(request.POST or None, children=children, initial_amounts=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            targets_allocate(
                target=target, amounts=form.amounts(), actor=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, OutOfScope) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Targets allocated to %(count)s units.") % {"count": len(children)})
            return redirect(_dashboard_url(target))
    return render(
        request,
        "targets/allocate.html",
        {"form": form, "target": target, "proposal_total": sum(proposal.values()), "rounding_rule": ROUNDING_RULE},
    )

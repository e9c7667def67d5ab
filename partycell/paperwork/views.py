"""Pages and downloads of paperwork. Thin: scope the case, call one service or selector, respond.

Every case comes from ``candidacies_visible_to(request.user)`` (the scope predicate's queryset), so a
case of another unit answers 404; every download is written to the access log.
"""

from __future__ import annotations

import copy
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.paperwork.access import log_access
from partycell.paperwork.context import SIGNER_TITLES, Options
from partycell.paperwork.deadline_calendar import feed_calendar, month_grid, parse_month
from partycell.paperwork.dossier import MAX_CASES, dossier_zip
from partycell.paperwork.models import CalendarFeed, GeneratedForm, feed_token_digest
from partycell.paperwork.rendering import docx_to_html
from partycell.paperwork.reports import report_docx, report_parts
from partycell.paperwork.selectors import form_code_for, form_slug
from partycell.paperwork.services import (
    calendar_feed_create,
    calendar_feed_fetched,
    calendar_feeds_revoke,
    form_generate,
)
from partycell.selectors import units_visible_to
from partycell.targets.enums import TargetKind
from partycell.targets.selectors.dashboard import periods, pick_period, unit_dashboard
from partycell.targets.views import EXPORT_KIND_NAMES
from partycell.web.filters import CandidacyFilter
from partycell.web.selectors import candidacy_list
from workflows.enums import FormCode
from workflows.models import Candidacy
from workflows.selectors import candidacies_visible_to

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def visible_candidacy(request: AuthenticatedHttpRequest, pk: int) -> Candidacy:
    return get_object_or_404(candidacies_visible_to(request.user).select_related("person", "cell"), pk=pk)


def _options(request: AuthenticatedHttpRequest) -> Options:
    signer = request.GET.get("signer", "")
    return Options(signer=signer) if signer in SIGNER_TITLES else Options()


def generated_file_name(generated: GeneratedForm) -> str:
    """``mau-6-KND-ho-so-12-2026-03-03.docx``: the form, the case's number and the form's date; no name."""
    return f"mau-{form_slug(generated.form_code)}-ho-so-{generated.candidacy_id}-{generated.dated:%Y-%m-%d}.docx"


def docx_response(generated: GeneratedForm) -> HttpResponse:
    response = HttpResponse(bytes(generated.content), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, generated_file_name(generated))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _generate(request: AuthenticatedHttpRequest, pk: int, slug: str) -> GeneratedForm:
    candidacy = visible_candidacy(request, pk)
    code = form_code_for(slug)
    if code is None:
        raise Http404
    generated = form_generate(candidacy=candidacy, code=code, actor=request.user, options=_options(request))
    log_access(user=request.user, person_ids=[candidacy.person_id], what=f"form {code}", request=request)
    return generated


@login_required
def form_download(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    """The form filled from the case, as .docx (stored: the same data gives the same file)."""
    return docx_response(_generate(request, pk, slug))


@login_required
def form_print(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    """The same form as a print-ready page (A4, Times New Roman), read back from the stored .docx."""
    generated = _generate(request, pk, slug)
    context = {
        "generated": generated, "candidacy": generated.candidacy, "slug": slug,
        "label": FormCode(generated.form_code).label, "body": docx_to_html(bytes(generated.content)),
    }  # fmt: skip
    return render(request, "paperwork/form_print.html", context)


@login_required
def generated_download(request: AuthenticatedHttpRequest, pk: int, generated_pk: int) -> HttpResponse:
    """A form generated earlier, byte for byte as it was generated."""
    candidacy = visible_candidacy(request, pk)
    generated = get_object_or_404(candidacy.generated_forms, pk=generated_pk)
    log_access(user=request.user, person_ids=[candidacy.person_id], what=f"form {generated.form_code}",
               request=request)  # fmt: skip
    return docx_response(generated)


# --- Deadlines in the user's calendar ----------------------------------------------------------------


@login_required
def calendar_month(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The deadlines of the cases in the user's scope, a month at a time (a list on a phone)."""
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), today=today)
    weeks = month_grid(request.user, year, month)
    shown = [deadline for week in weeks for day in week if day.in_month for deadline in day.deadlines]
    log_access(user=request.user, person_ids=[d.person_id for d in shown], what="deadline calendar",
               request=request)  # fmt: skip
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    context = {
        "weeks": weeks, "month": first, "today": today, "shown": shown,
        "previous": f"{previous:%Y-%m}", "next": f"{following:%Y-%m}", "this_month": f"{today:%Y-%m}",
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }  # fmt: skip
    return render(request, "paperwork/calendar_month.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create (or renew) and revoke the user's secret calendar address; the address is shown once."""
    address = ""
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            calendar_feeds_revoke(user=request.user)
            messages.success(request, _("The calendar address is revoked: it no longer answers."))
            return redirect("calendar-feed-settings")
        if request.POST.get("do") == "create":
            _feed, token = calendar_feed_create(user=request.user)
            address = request.build_absolute_uri(reverse("calendar-feed", args=[token]))
    active = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(request, "paperwork/calendar_feed.html", {"active": active, "address": address})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed behind a secret address (no log-in: a phone's calendar fetches it). A revoked
    or unknown address, or a deactivated user's, answers 404. Every fetch is logged."""
    feed = (
        CalendarFeed.objects.filter(token_sha256=feed_token_digest(token), revoked_at__isnull=True,
                                    user__is_active=True)
        .select_related("user").first()
    )  # fmt: skip
    if feed is None:
        raise Http404
    link = request.build_absolute_uri(reverse("candidacy-detail", args=[0])).replace("/0/", "/{id}/")
    content, people = feed_calendar(feed.user, link=link)
    # The address is the secret: the log keeps the client and the time, never the token in the path.
    logged = copy.copy(request)
    logged.path = "/calendar/feed/<secret>.ics"
    log_access(user=feed.user, person_ids=people, what="calendar feed", request=logged)
    calendar_feed_fetched(feed=feed)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="partycell-han.ics"'
    return response


# --- Dossiers -----------------------------------------------------------------------------------------

ZIP = "application/zip"


def _zip_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ZIP)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}-{timezone.localdate():%Y-%m-%d}.zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def dossier_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One case's dossier: index, forms, scans in procedure order, history."""
    candidacy = visible_candidacy(request, pk)
    content = dossier_zip([candidacy], actor=request.user)
    log_access(user=request.user, person_ids=[candidacy.person_id], what="dossier", request=request)
    return _zip_response(content, f"ho-so-HS-{candidacy.pk}")


@login_required
def dossiers_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dossiers of the cases the candidate list shows with the same filters (for a decision
    meeting: e.g. every case proposed by the grassroots committee), at most ``MAX_CASES``."""
    filterset = CandidacyFilter(request.GET or None, queryset=candidacy_list(request.user), request=request)
    cases = list(filterset.qs[: MAX_CASES + 1])
    if not cases or len(cases) > MAX_CASES:
        too_many = _("More than %(count)s cases match: narrow the filters (a unit, a stage).") % {"count": MAX_CASES}
        message = _("No case matches these filters.") if not cases else too_many
        return render(request, "paperwork/message.html", {"message": message}, status=400)
    content = dossier_zip(cases, actor=request.user)
    log_access(user=request.user, person_ids=[c.person_id for c in cases], what="dossiers", request=request)
    return _zip_response(content, "ho-so-xet")


# --- Reports ------------------------------------------------------------------------------------------


@login_required
def unit_report_docx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The unit's targets dashboard and compliance audit as a .docx report in the Party's format."""
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    period = pick_period(periods(), requested=request.GET.get("period"), today=today)
    if period is None:
        raise Http404
    kind = request.GET.get("kind")
    kind = kind if kind in TargetKind.values else TargetKind.ADMISSIONS
    dashboard = unit_dashboard(unit=unit, period=period, kind=kind, today=today)
    parts = report_parts(unit=unit, dashboard=dashboard, kind=kind, today=today,
                         number=request.GET.get("number", ""), signer=request.GET.get("signer", ""))  # fmt: skip
    content = report_docx(heading=parts["report_heading"], dashboard=dashboard, audit=parts["audit"], today=today)
    findings = parts["audit"].findings.values() if parts["audit"] else []
    log_access(user=request.user, person_ids={f.candidacy.person_id for group in findings for f in group},
               what="targets report", request=request)  # fmt: skip
    response = HttpResponse(content, content_type=DOCX)
    name = f"bao-cao-{EXPORT_KIND_NAMES[TargetKind(kind)]}-{slugify(unit.code)}-{today:%Y-%m-%d}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response

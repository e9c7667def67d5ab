"""The notification list, mark-as-read (POST, htmx-aware) and the e-mail preference. Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.notifications.forms import PreferenceForm
from partycell.notifications.selectors import notification_delivery_for, notifications_for
from partycell.notifications.services import (
    notification_mark_read,
    notification_preference_set,
    notifications_mark_all_read,
)


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), 25).get_page(request.GET.get("page"))
    form = PreferenceForm(initial={"delivery": notification_delivery_for(request.user)})
    return render(request, "notifications/list.html", {"page": page, "form": form})


@login_required
def bell(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The top bar's bell with the unread count, fetched by htmx after the page has loaded."""
    return render(request, "notifications/_bell_count.html")


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(notification=notification)
    if request.htmx:
        return render(request, "notifications/_item.html", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def preference_update(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if form.is_valid():
        notification_preference_set(user=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, _("Your e-mail preference has been saved."))
    return redirect("notifications:list")

"""Pages of the second factor: overview, set-up with a QR code, the code at log-in, recovery codes, off.

Thin: read the session state and the rules, call one service, render.
"""

from base64 import b32encode
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.signin import services
from partycell.signin.forms import CodeForm, TokenForm
from partycell.signin.qr import qr_svg_data_uri
from partycell.signin.rules import second_factor_enrolled, second_factor_required
from partycell.signin.tokens import api_token_issue, api_token_revoke, api_tokens_of


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "/"


def _is_verified(request: AuthenticatedHttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[attr-defined]  # installed by django-otp's middleware


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "enrolled": second_factor_enrolled(request.user),
        "required": second_factor_required(request.user),
        "codes_left": services.recovery_codes_left(request.user),
        "tokens": api_tokens_of(request.user),
        "token_form": TokenForm(),
        "now": timezone.now(),
    }
    return render(request, "signin/two_factor.html", context)


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new API token, its key shown once on the page that answers."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name of at most 100 characters."))
        return redirect("signin:two-factor")
    token, key = api_token_issue(user=request.user, name=form.cleaned_data["name"])
    return render(request, "signin/token_created.html", {"token": token, "key": key})


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not api_token_revoke(user=request.user, token_id=pk):
        raise Http404
    messages.success(request, _("The token is revoked: programs using it can no longer sign in."))
    return redirect("signin:two-factor")


@login_required
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Scan the QR code, type the code the app shows: the authenticator is on, recovery codes shown once.

    Someone who has only the password of an account that already has an authenticator must not
    replace it: they are sent to the code page first."""
    if second_factor_enrolled(request.user) and not _is_verified(request):
        return redirect(f"{reverse('signin:verify')}?{urlencode({'next': request.get_full_path()})}")
    device = services.authenticator_pending(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("The second factor is on. Each log-in now asks for a code from your app."))
            return render(request, "signin/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("That code is wrong or has expired. Type the code your app shows now."))
    context: dict[str, object] = {
        "form": form,
        "qr": qr_svg_data_uri(device.config_url),
        "secret": b32encode(device.bin_key).decode("ascii"),
        "next": _next_url(request),
        "pending_second_factor": request.session.get(services.SESSION_KEY) == services.ENROL,
    }
    return render(request, "signin/setup.html", context)


@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the password: a code from the app, or one recovery code."""
    if _is_verified(request) or not second_factor_enrolled(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(request=request, user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            return redirect(_next_url(request))
        form.add_error(
            "code", _("That code is wrong, has expired or was tried too often. Wait a moment and type the new code.")
        )
    context = {"form": form, "next": _next_url(request), "pending_second_factor": True}
    return render(request, "signin/verify.html", context)


@login_required
@require_POST
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _is_verified(request):
        return redirect("signin:two-factor")
    codes = services.recovery_codes_issue(request.user)
    return render(request, "signin/recovery_codes.html", {"codes": codes, "next": reverse("signin:two-factor")})


@login_required
@require_POST
def turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _is_verified(request):
        return redirect("signin:two-factor")
    if second_factor_required(request.user):
        messages.error(request, _("Your role requires a second factor: it cannot be turned off."))
        return redirect("signin:two-factor")
    services.second_factor_remove(request.user)
    messages.success(request, _("The second factor is off. Log-ins now ask only for your password."))
    return redirect("signin:two-factor")

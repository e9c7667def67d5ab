"""Pages and downloads of paperwork. Thin: scope the case, call one service or selector, respond.

Every case comes from ``candidacies_visible_to(request.user)`` (the scope predicate's queryset), so a
case of another unit answers 404; every download is written to the access log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from partycell.accounts.http import AuthenticatedHttpRequest
from partycell.paperwork.access import log_access
from partycell.paperwork.context import SIGNER_TITLES, Options
from partycell.paperwork.models import GeneratedForm
from partycell.paperwork.rendering import docx_to_html
from partycell.paperwork.selectors import form_code_for, form_slug
from partycell.paperwork.services import form_generate
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

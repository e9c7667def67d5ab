"""API: the forms a case offers, each as the filled .docx; the case's dossier as a ZIP.

Scoped like every endpoint (``CandidacyObjectMixin``: another unit's case answers 404), and logged.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from partycell.paperwork.access import log_access
from partycell.paperwork.selectors import form_code_for, forms_offered
from partycell.paperwork.services import form_generate
from partycell.paperwork.views import DOCX, docx_response
from partycell.web.selectors import document_checklist
from workflows.api.serializers import ProblemSerializer
from workflows.api.views import CandidacyObjectMixin
from workflows.models import Candidacy

FormListSerializer = inline_serializer(
    "PaperworkForm",
    {"code": serializers.CharField(), "label": serializers.CharField(), "step": serializers.CharField(),
     "is_next": serializers.BooleanField(), "docx": serializers.CharField()},  # fmt: skip
    many=True,
)


@extend_schema(
    responses={200: FormListSerializer, 404: ProblemSerializer},
    description=gettext_lazy("The forms PartyCell fills for this case: its steps so far and next."),
)
class CandidacyFormsView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = ProblemSerializer  # the schema's 404; the list is described above
    queryset = Candidacy.objects.none()  # for the schema's path parameter; get_candidacy() scopes the case
    pagination_class = None  # a short list, answered whole

    def get(self, request: Request, pk: int) -> Response:
        candidacy = self.get_candidacy()
        offered = forms_offered(candidacy, next_codes={item.code for item in document_checklist(candidacy)})
        return Response([
            {"code": form.code, "label": form.label, "step": form.step_label, "is_next": form.is_next,
             "docx": request.build_absolute_uri(reverse("api-candidacy-form", args=[candidacy.pk, form.slug]))}
            for form in offered
        ])  # fmt: skip


@extend_schema(
    responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY), 404: ProblemSerializer},
    description=gettext_lazy("The form filled from the case, as .docx (the same data gives the same file)."),
)
class CandidacyFormView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = ProblemSerializer
    queryset = Candidacy.objects.none()  # for the schema's path parameter; get_candidacy() scopes the case

    def get(self, request: Request, pk: int, slug: str) -> HttpResponse:
        candidacy = self.get_candidacy()
        code = form_code_for(slug)
        if code is None:
            raise Http404
        generated = form_generate(candidacy=candidacy, code=code, actor=request.user)  # type: ignore[arg-type]
        log_access(user=request.user, person_ids=[candidacy.person_id], what=f"form {code}",
                   request=request._request)  # fmt: skip
        return docx_response(generated)

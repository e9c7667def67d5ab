"""API: a document's scan, as the pages serve it (``workflows.scans.document_scan_response``)."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.request import Request

from partycell.privacy.access import log_access
from workflows.api.serializers import ProblemSerializer
from workflows.api.views import CandidacyObjectMixin
from workflows.scans import document_scan_response


@extend_schema(
    responses={
        (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
        (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
        (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
        404: ProblemSerializer,
    },
    description=gettext_lazy(
        "Download a document's scan (PDF, JPEG or PNG, as found when it was uploaded), as an attachment. "
        "A candidacy outside your scope, or a document without a scan, answers 404."
    ),
)
class DocumentFileView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = ProblemSerializer  # only for the schema's 404; the 200 is the file itself

    def get(self, request: Request, pk: int, document_pk: int) -> FileResponse:
        candidacy = self.get_candidacy()
        document = get_object_or_404(candidacy.documents, pk=document_pk)
        response = document_scan_response(document)
        log_access(user=request.user, person_ids=[candidacy.person_id], what=f"API document scan {document.pk}",
                   request=request)  # fmt: skip
        return response

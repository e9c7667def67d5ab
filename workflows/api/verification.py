"""``/api/v1/candidacies/<id>/verification/``: the background-verification tracker (domain.md A6).

- ``GET  verification/``: where it stands (counts, cost, the overall TT-LL conclusion) and every
  person to verify with their letters;
- ``POST verification/subjects/``: add a person to verify (``verification_subject_add``);
- ``POST verification/requests/``: record a letter sent (``verification_request_send``; JSON, or
  multipart with the letter's scan as ``file``);
- ``POST verification/requests/<id>/reply/``: record its reply (``verification_reply_record``).

Thin, like every view here: the candidacy comes from ``candidacies_visible_to`` (a foreign id is a
404), the forms of ``workflows.verification_forms`` parse the input, one service writes.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from workflows.api.schema import form_request
from workflows.api.serializers import ActorSerializer, DocumentSerializer, ProblemSerializer
from workflows.api.views import CandidacyObjectMixin, split_files, valid_form
from workflows.verification import VerificationRequest, VerificationSubject
from workflows.verification_forms import VerificationReplyForm, VerificationRequestForm, VerificationSubjectForm
from workflows.verification_services import (
    verification_reply_record,
    verification_request_send,
    verification_subject_add,
    verification_subjects,
    verification_summary,
)


class VerificationRequestSerializer(serializers.ModelSerializer):
    conclusion_label = serializers.CharField(source="get_conclusion_display", read_only=True)
    assignee = ActorSerializer(read_only=True, allow_null=True)

    class Meta:
        model = VerificationRequest
        fields = [
            "id", "subject", "organisation", "province_code", "commune_code", "locality", "reference", "sent_on",
            "assignee", "cost_vnd", "letter_document", "replied_on", "conclusion", "conclusion_label",
            "conclusion_note", "reply_document",
        ]  # fmt: skip
        read_only_fields = fields


class VerificationSubjectSerializer(serializers.ModelSerializer):
    relation_label = serializers.CharField(source="get_relation_display", read_only=True)
    standing = serializers.CharField(read_only=True)
    standing_label = serializers.CharField(read_only=True)
    requests = VerificationRequestSerializer(many=True, read_only=True)

    class Meta:
        model = VerificationSubject
        fields = [
            "id", "relation", "relation_label", "full_name", "birth_year", "address", "note", "standing",
            "standing_label", "requests",
        ]  # fmt: skip
        read_only_fields = fields


class VerificationSerializer(serializers.Serializer):
    opened_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("The day the file was opened."))
    due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("The file stage's deadline, if it runs."))
    subjects_count = serializers.IntegerField()
    requests_count = serializers.IntegerField()
    pending = serializers.IntegerField()
    clear = serializers.IntegerField()
    issues = serializers.IntegerField()
    cost_vnd = serializers.IntegerField()
    conclusion = DocumentSerializer(allow_null=True, help_text=gettext_lazy("The newest TT-LL on file."))
    subjects = VerificationSubjectSerializer(many=True)


_WRITE_RESPONSES = {400: OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("{field: [messages]}")),
                    403: ProblemSerializer, 404: ProblemSerializer, 409: ProblemSerializer}  # fmt: skip


class CandidacyVerificationView(CandidacyObjectMixin, generics.GenericAPIView):
    """Where the background verification of one candidacy stands, with every person and letter."""

    serializer_class = VerificationSerializer

    def get(self, request: Request, pk: int) -> Response:
        candidacy = self.get_candidacy()
        subjects = verification_subjects(candidacy)
        summary = verification_summary(candidacy, subjects)
        verification_due = candidacy.stage_due_rule == "deadline.verification_working_days"
        body = {
            "opened_on": summary.opened_on, "due_on": candidacy.stage_due_on if verification_due else None,
            "subjects_count": summary.subjects, "requests_count": summary.requests, "pending": summary.pending,
            "clear": summary.clear, "issues": summary.issues, "cost_vnd": summary.cost_vnd,
            "conclusion": summary.conclusion, "subjects": subjects,
        }  # fmt: skip
        return Response(VerificationSerializer(body).data)


@extend_schema(
    request=form_request(VerificationSubjectForm), responses={201: VerificationSubjectSerializer, **_WRITE_RESPONSES},
    description=gettext_lazy(
        "Add a person to verify: relation (applicant, father, mother, father_in_law, mother_in_law, guardian, "
        "spouse, child), full_name (empty for the applicant), birth_year, address, note."
    ),
)  # fmt: skip
class VerificationSubjectsView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = VerificationSubjectSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: Request, pk: int) -> Response:
        candidacy = self.get_candidacy()
        data, _files = split_files(request)
        fields = valid_form(VerificationSubjectForm(data, candidacy=candidacy))
        subject = verification_subject_add(actor=request.user, candidacy=candidacy, **fields)  # type: ignore[arg-type]  # IsAuthenticated
        return Response(VerificationSubjectSerializer(subject).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=form_request(VerificationRequestForm), responses={201: VerificationRequestSerializer, **_WRITE_RESPONSES},
    description=gettext_lazy(
        "Record a verification letter sent: subject (id), organisation, province_code and commune_code (from "
        "the vietnam-provinces codes) or locality_text, reference, sent_on, assignee (user id), cost_vnd, note, "
        "file (multipart; the letter's scan)."
    ),
)  # fmt: skip
class VerificationRequestsView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = VerificationRequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: Request, pk: int) -> Response:
        candidacy = self.get_candidacy()
        data, files = split_files(request)
        fields = valid_form(VerificationRequestForm(data, files, candidacy=candidacy))
        subject = fields.pop("subject")
        letter = verification_request_send(actor=request.user, subject=subject, **fields)  # type: ignore[arg-type]  # IsAuthenticated
        return Response(VerificationRequestSerializer(letter).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=form_request(VerificationReplyForm), responses={200: VerificationRequestSerializer, **_WRITE_RESPONSES},
    description=gettext_lazy(
        "Record the reply to a letter: replied_on, conclusion (clear or issue), note (required for an issue), "
        "file (multipart; the reply's scan)."
    ),
)  # fmt: skip
class VerificationReplyView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = VerificationRequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        candidacy = self.get_candidacy()
        letter = get_object_or_404(
            VerificationRequest.objects.select_related("subject"), pk=request_pk, subject__candidacy=candidacy
        )
        letter.subject.candidacy = candidacy
        data, files = split_files(request)
        fields = valid_form(VerificationReplyForm(data, files, candidacy=candidacy))
        letter = verification_reply_record(actor=request.user, request=letter, **fields)  # type: ignore[arg-type]  # IsAuthenticated
        return Response(VerificationRequestSerializer(letter).data)

"""API for the corrections: end a helper's or introducer's assignment, extend a decision deadline once,
correct a recorded step, reverse one. Thin: the scoped candidacy, the form, one service; each leaves an
audit entry."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from partycell.accounts.http import AuthenticatedRequest
from workflows.amendment_services import step_correct, step_reverse
from workflows.api.schema import form_request
from workflows.api.serializers import (
    CandidacySerializer,
    MentorshipSerializer,
    ProblemSerializer,
    TransitionLogSerializer,
)
from workflows.api.views import CandidacyObjectMixin, form_data, valid_form
from workflows.evidence import DeadlineExtendForm, MentorEndForm, StepCorrectionReasonForm, StepReverseForm
from workflows.models import TransitionLog
from workflows.services import deadline_extend, mentor_end


@extend_schema(
    request=form_request(MentorEndForm),
    responses={
        200: MentorshipSerializer,
        400: OpenApiResponse(description="{field: [messages]}"),
        403: ProblemSerializer,
        404: ProblemSerializer,
    },  # fmt: skip
    description=gettext_lazy("End a helper's or introducer's assignment: ended_on (YYYY-MM-DD), reason."),
)
class MentorshipEndView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = MentorshipSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: AuthenticatedRequest, pk: int, mentorship_pk: int) -> Response:
        candidacy = self.get_candidacy()
        mentorship = get_object_or_404(candidacy.mentorships.select_related("mentor"), pk=mentorship_pk)
        data = valid_form(MentorEndForm(form_data(request), candidacy=candidacy))
        ended = mentor_end(actor=request.user, mentorship=mentorship, ended_on=data["ended_on"],
                           reason=data["reason"], by_mistake=data["by_mistake"])  # fmt: skip
        return Response(MentorshipSerializer(ended).data)


@extend_schema(
    request=form_request(DeadlineExtendForm),
    responses={
        200: CandidacySerializer,
        400: OpenApiResponse(description="{field: [messages]}"),
        403: ProblemSerializer,
        404: ProblemSerializer,
    },  # fmt: skip
    description=gettext_lazy("Extend the decision deadline once, in a special case: reason."),
)
class DeadlineExtendView(CandidacyObjectMixin, generics.GenericAPIView):
    serializer_class = CandidacySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        candidacy = self.get_candidacy()
        data = valid_form(DeadlineExtendForm(form_data(request), candidacy=candidacy))
        extended = deadline_extend(actor=request.user, candidacy=candidacy, reason=data["reason"])
        return Response(CandidacySerializer(extended).data, status=status.HTTP_200_OK)


class _RecordedStepMixin(CandidacyObjectMixin):
    """A recorded step (history entry) of a case in the user's scope; another case's entry is a 404."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_entry(self, entry_pk: int) -> TransitionLog:
        candidacy = self.get_candidacy()
        entry = get_object_or_404(candidacy.transitions, pk=entry_pk)
        entry.candidacy = candidacy
        return entry


@extend_schema(
    request=form_request(StepCorrectionReasonForm),
    responses={
        201: TransitionLogSerializer,
        400: OpenApiResponse(description="{field: [messages]}"),
        403: ProblemSerializer,
        404: ProblemSerializer,
        409: ProblemSerializer,
    },  # fmt: skip
    description=gettext_lazy(
        "Correct a recorded step: reason, and the evidence values to correct (the fields of the step's "
        "evidence form, as in its transition; the others stay as recorded). A new history entry points to the "
        "corrected one, which is never changed. The stage never moves: reverse the step for that."
    ),
)
class StepCorrectView(_RecordedStepMixin, generics.GenericAPIView):
    serializer_class = TransitionLogSerializer

    def post(self, request: AuthenticatedRequest, pk: int, entry_pk: int) -> Response:
        entry = self.get_entry(entry_pk)
        data = form_data(request)
        reason = valid_form(StepCorrectionReasonForm(data))["reason"]
        correction = step_correct(actor=request.user, entry=entry, data=data, reason=reason)
        return Response(TransitionLogSerializer(correction).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=form_request(StepReverseForm),
    responses={
        200: CandidacySerializer,
        400: OpenApiResponse(description="{field: [messages]}"),
        403: ProblemSerializer,
        404: ProblemSerializer,
        409: ProblemSerializer,
    },  # fmt: skip
    description=gettext_lazy(
        "Reverse a step that should not have happened (the last one still standing of an open case): reason. "
        "The case goes back to the stage before it; what the step filed and changed is undone."
    ),
)
class StepReverseView(_RecordedStepMixin, generics.GenericAPIView):
    serializer_class = CandidacySerializer

    def post(self, request: AuthenticatedRequest, pk: int, entry_pk: int) -> Response:
        entry = self.get_entry(entry_pk)
        reversed_case = step_reverse(actor=request.user, entry=entry, data=form_data(request))
        return Response(CandidacySerializer(reversed_case).data)

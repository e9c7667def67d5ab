"""API endpoints. Thin: scope the queryset with a selector, parse input, call one service."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from partycell.accounts.http import AuthenticatedRequest
from partycell.people.models import PersonQuerySet
from partycell.privacy.access import log_access
from partycell.selectors import people_visible_to
from partycell.signin.tokens import ExpiringTokenAuthentication
from workflows import actions, gate
from workflows.api.errors import api_validation_error, field_errors
from workflows.api.evidence import describe_form
from workflows.api.filters import CandidacyFilter
from workflows.api.permissions import EditingScopeOrReadOnly
from workflows.api.schema import form_request
from workflows.api.serializers import (
    CandidacyCreateSerializer,
    CandidacySerializer,
    DocumentSerializer,
    MentorshipSerializer,
    PersonSerializer,
    ProblemSerializer,
    TransitionLogSerializer,
    TransitionsSerializer,
)
from workflows.evidence import DocumentAddForm, MentorAssignForm
from workflows.exceptions import ActionNotAllowed, EvidenceInvalid, StaleCandidacy, UnknownAction
from workflows.models import Candidacy, Document, Mentorship, TransitionLog
from workflows.selectors import candidacies_visible_to
from workflows.services import candidacy_create, candidacy_perform, document_add, mentor_assign


def domain_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, taught the domain errors: 400 with field errors, 403 with reasons, 409."""
    if isinstance(exc, EvidenceInvalid):
        return Response(field_errors(exc.errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = api_validation_error(exc)
    elif isinstance(exc, ActionNotAllowed):
        body = {"detail": _("This action is not allowed now."), "reasons": [str(r) for r in exc.reasons]}
        return Response(body, status=status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, StaleCandidacy):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)


def form_data(request: Request) -> Mapping[str, Any]:
    """The submitted fields: a form, or a JSON object; other JSON (a list) is a malformed request (400)."""
    if not isinstance(request.data, Mapping):
        raise ParseError
    return request.data


def split_files(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The submitted fields without the uploaded files, and the files; JSON that is not an object is a 400."""
    if isinstance(request.data, QueryDict):
        # A new QueryDict of the text fields only: ``copy()`` would deep-copy the uploaded files.
        data = QueryDict(mutable=True)
        for name in request.data:
            if name not in request.FILES:
                data.setlist(name, request.data.getlist(name))
        return data, request.FILES
    return dict(form_data(request)), {}


class ApiMixin(APIView):
    """Token first, so that an anonymous request gets 401 with ``WWW-Authenticate: Token``.

    ``IsAuthenticated`` lets only signed-in users reach a handler, hence ``request: AuthenticatedRequest``.
    """

    authentication_classes: Sequence[type[BaseAuthentication]] = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes: Sequence[type[BasePermission]] = [IsAuthenticated, EditingScopeOrReadOnly]
    request: AuthenticatedRequest

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return domain_exception_handler


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description=gettext_lazy('Name or CCCD; accents optional ("nguyen van a").')
            )
        ]
    )
)
class PersonViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People in the user's scope. Auditors read only; a person outside the scope answers 404."""

    serializer_class = PersonSerializer
    filter_backends: list = []

    def get_queryset(self) -> PersonQuerySet:
        people = people_visible_to(self.request.user).select_related("unit", "membership")
        if self.action == "list":
            people = people.search(self.request.query_params.get("q", "")).in_vietnamese_order()
        return people

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        log_access(user=request.user, person_ids=[], what="API people list", request=request)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        log_access(user=request.user, person_ids=[self.kwargs["pk"]], what="API person", request=request)
        return response


@extend_schema_view(create=extend_schema(request=CandidacyCreateSerializer, responses={201: CandidacySerializer}))
class CandidacyViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Candidacies in the user's scope, filterable by stage, unit subtree and overdue step."""

    serializer_class = CandidacySerializer
    filterset_class = CandidacyFilter

    def get_queryset(self) -> QuerySet[Candidacy]:
        return candidacies_visible_to(self.request.user).select_related("person__unit", "cell")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        log_access(user=request.user, person_ids=[], what="API candidacy list", request=request)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidacy = self.get_object()
        response = Response(self.get_serializer(candidacy).data)
        log_access(user=request.user, person_ids=[candidacy.person_id], what="API candidacy", request=request)
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CandidacyCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        candidacy = candidacy_create(actor=self.request.user, **serializer.validated_data)
        return Response(CandidacySerializer(candidacy).data, status=status.HTTP_201_CREATED)


class CandidacyObjectMixin(ApiMixin):
    def get_candidacy(self) -> Candidacy:
        """The candidacy if visible (else 404), after the write permission check for POSTs."""
        candidacy = get_object_or_404(
            candidacies_visible_to(self.request.user).select_related("person", "cell"), pk=self.kwargs["pk"]
        )
        self.check_object_permissions(self.request, candidacy)
        return candidacy

    def visible_candidacy_pk(self) -> int:
        """The candidacy's id if the user may see it (else 404): for reading what its file holds, which
        needs neither the case nor its person loaded."""
        if not candidacies_visible_to(self.request.user).filter(pk=self.kwargs["pk"]).exists():
            raise Http404
        return int(self.kwargs["pk"])


class CandidacyTransitionsView(CandidacyObjectMixin, generics.GenericAPIView):
    """What the user may do to this candidacy now, what is blocked and why, and the evidence each needs."""

    serializer_class = TransitionsSerializer

    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        candidacy = self.get_candidacy()
        actions = [
            {
                "name": item.name,
                "label": str(item.label),
                "allowed": item.allowed,
                "reasons": [str(reason) for reason in item.reasons],
                "irreversible": item.irreversible,
                "fields": describe_form(item.form_class(candidacy=candidacy) if item.form_class else None),
            }
            for item in gate.offered_steps(user=request.user, candidacy=candidacy)
        ]
        body = {"stage": candidacy.stage, "stage_label": candidacy.get_stage_display(), "actions": actions}
        return Response(TransitionsSerializer(body).data)


class CandidacyPerformView(CandidacyObjectMixin, generics.GenericAPIView):
    """Perform an action with its evidence; an unknown or keep-stage action name answers 404."""

    serializer_class = CandidacySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request: AuthenticatedRequest, pk: int, action: str) -> Response:
        candidacy = self.get_candidacy()
        try:
            spec = actions.spec(action)
        except UnknownAction:
            raise Http404(_("There is no such action.")) from None
        if spec.keeps_stage:
            raise Http404(_("There is no such action."))
        data, files = split_files(request)
        expected_stage = data.pop("expected_stage", None)
        if isinstance(expected_stage, list):  # QueryDict.pop returns the list of values
            expected_stage = expected_stage[-1]
        candidacy = candidacy_perform(
            actor=request.user,
            candidacy=candidacy,
            action=action,
            data=data,
            files=files,
            expected_stage=expected_stage or None,
        )
        return Response(CandidacySerializer(candidacy).data)


PERFORM_DESCRIPTION = gettext_lazy(
    "{label}. The evidence is the fields below, as JSON, or as multipart when scans are attached. Send "
    "expected_stage to refuse the change (409) if someone else moved the candidacy first. Whether the "
    "action is allowed now, and why not, is listed by the transitions endpoint."
)


@extend_schema(exclude=True)  # the same URL for a name no action declares: 404, described per action instead
class CandidacyPerformAnyView(CandidacyPerformView):
    pass


def perform_view(spec: actions.ActionSpec) -> Callable[..., Any]:
    """The endpoint of one declared action, with its own request schema generated from its evidence form."""
    request = form_request(spec.evidence_form, stage_check=True) if spec.evidence_form else None
    described = extend_schema_view(
        post=extend_schema(
            operation_id=f"candidacy_{spec.name}",
            summary=spec.label,
            description=format_lazy(PERFORM_DESCRIPTION, label=spec.label),
            request=request,
            responses={200: CandidacySerializer},
            tags=["transitions"],
        )
    )(type(f"Candidacy{spec.name.title().replace('_', '')}View", (CandidacyPerformView,), {}))
    view: Callable[..., Any] = described.as_view()  # type: ignore[attr-defined]  # a CandidacyPerformView subclass
    return view


class CandidacyHistoryView(CandidacyObjectMixin, generics.ListAPIView):
    """The audit trail of one candidacy, oldest first."""

    serializer_class = TransitionLogSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[TransitionLog]:
        return (
            TransitionLog.objects.filter(candidacy_id=self.visible_candidacy_pk())
            .select_related("actor")
            .order_by("occurred_at", "id")
        )


def valid_form(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or a 400 naming each field (the same shape as bad evidence)."""
    if not form.is_valid():
        raise EvidenceInvalid(form.errors)
    return form.cleaned_data


@extend_schema_view(
    post=extend_schema(
        request=form_request(MentorAssignForm),
        responses={201: MentorshipSerializer, 400: OpenApiTypes.OBJECT, 403: ProblemSerializer},
        description=gettext_lazy(
            "Assign an official member in your scope as helper, introducer or probation helper: "
            "mentor (person id), kind, assigned_on, months_together, together_by (work, residence), is_replacement, "
            "replaces (the id of the introducer who left), organisation_introduction, reason."
        ),
    )
)
class CandidacyMentorsView(CandidacyObjectMixin, generics.ListAPIView):
    """The helpers and introducers of one candidacy; POST assigns one (``mentor_assign``)."""

    serializer_class = MentorshipSerializer
    pagination_class = None
    filter_backends: list = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Mentorship]:
        return (
            Mentorship.objects.filter(candidacy_id=self.visible_candidacy_pk())
            .select_related("mentor")
            .order_by("assigned_on", "id")
        )

    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        candidacy = self.get_candidacy()
        form = MentorAssignForm(form_data(request), candidacy=candidacy)
        # Only members the user can see may be named: another commune's member answers "not a valid choice".
        mentor_field = form.fields["mentor"]
        assert isinstance(mentor_field, forms.ModelChoiceField) and mentor_field.queryset is not None  # as declared
        mentor_field.queryset = mentor_field.queryset & people_visible_to(request.user)
        data = valid_form(form)
        mentorship = mentor_assign(
            actor=request.user,
            candidacy=candidacy,
            mentor=data["mentor"],
            kind=data["kind"],
            assigned_on=data["assigned_on"],
            months_together=data["months_together"],
            organisation_introduction=data["organisation_introduction"],
            is_replacement=data["is_replacement"],
            reason=data["reason"],
            together_by=data["together_by"],
            replaces=data["replaces"],
        )
        return Response(MentorshipSerializer(mentorship).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    post=extend_schema(
        request=form_request(DocumentAddForm),
        responses={201: DocumentSerializer, 400: OpenApiTypes.OBJECT, 403: ProblemSerializer},
        description=gettext_lazy(
            "Add a document to the file without changing the stage: form_code, number, issued_on, signer, "
            "file (multipart; PDF, JPEG or PNG), note."
        ),
    )
)
class CandidacyDocumentsView(CandidacyObjectMixin, generics.ListAPIView):
    """The documents in one candidacy's file; POST adds one (``document_add``)."""

    serializer_class = DocumentSerializer
    pagination_class = None
    filter_backends: list = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.filter(candidacy_id=self.visible_candidacy_pk()).order_by("issued_on", "id")

    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        candidacy = self.get_candidacy()
        data, files = split_files(request)
        fields = valid_form(DocumentAddForm(data, files, candidacy=candidacy))
        document = document_add(actor=request.user, candidacy=candidacy, **fields)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

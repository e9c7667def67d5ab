"""API endpoints. Thin: scope the queryset with a selector, parse input, call one service."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated

from partycell.selectors import people_visible_to
from workflows.api.filters import CandidacyFilter
from workflows.api.permissions import EditingScopeOrReadOnly
from workflows.api.serializers import CandidacySerializer, PersonSerializer
from workflows.selectors import candidacies_visible_to


class ApiMixin:
    """Token first, so that an anonymous request gets 401 with ``WWW-Authenticate: Token``."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, EditingScopeOrReadOnly]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description=_('Name or CCCD; accents optional ("nguyen van a").'))
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

    def get_queryset(self):
        people = people_visible_to(self.request.user).select_related("unit", "membership")
        if self.action == "list":
            people = people.search(self.request.query_params.get("q", "")).in_vietnamese_order()
        return people


class CandidacyViewSet(ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Candidacies in the user's scope, filterable by stage, unit subtree and overdue step."""

    serializer_class = CandidacySerializer
    filterset_class = CandidacyFilter

    def get_queryset(self):
        return candidacies_visible_to(self.request.user).select_related("person", "cell")

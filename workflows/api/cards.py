"""API for the party card on the roll (domain.md B13): the scoped person, the form, one service."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response

from partycell.accounts.http import AuthenticatedRequest
from partycell.people.models import Membership
from partycell.selectors import people_visible_to
from workflows.api.schema import form_request
from workflows.api.serializers import PersonSerializer, ProblemSerializer
from workflows.api.views import ApiMixin, form_data, valid_form
from workflows.card_services import party_card_issue
from workflows.evidence import PartyCardIssueForm
from workflows.exceptions import ActionNotAllowed


@extend_schema(
    request=form_request(PartyCardIssueForm),
    responses={
        200: PersonSerializer,
        400: OpenApiResponse(description="{field: [messages]}"),
        403: ProblemSerializer,
        404: ProblemSerializer,
    },  # fmt: skip
    description=gettext_lazy(
        "Record the party card issued to an official member, by its own decision after recognition: "
        "card_number, issued_on, decision_number, decision_date. The committee competent for the member's cell "
        "(or staff above it) records it; the number must be used by no other member."
    ),
)
class PartyCardView(ApiMixin, generics.GenericAPIView):
    serializer_class = PersonSerializer
    parser_classes = [JSONParser, FormParser]

    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
        self.check_object_permissions(request, person)
        membership = Membership.objects.filter(person=person).select_related("person", "cell").first()
        if membership is None:
            raise ActionNotAllowed([_("Only an official member holds a party card.")], offered=False)
        data = valid_form(PartyCardIssueForm(form_data(request)))
        party_card_issue(actor=request.user, membership=membership, number=data["card_number"],
                         issued_on=data["issued_on"], decision_number=data["decision_number"],
                         decision_date=data["decision_date"])  # fmt: skip
        person.refresh_from_db()
        return Response(PersonSerializer(person, context=self.get_serializer_context()).data)

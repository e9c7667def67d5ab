"""``/api/v1/``: the JSON API, its OpenAPI schema and a Swagger UI served from local assets."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from partycell.signin import api as signin_api
from workflows import actions
from workflows.api import cards, corrections, imports, scans, verification, views

router = SimpleRouter()
router.register("people", views.PersonViewSet, basename="api-person")
router.register("candidacies", views.CandidacyViewSet, basename="api-candidacy")

urlpatterns = [
    path("", include(router.urls)),
    path("people/<int:pk>/party-card/", cards.PartyCardView.as_view(), name="api-person-party-card"),
    path(
        "candidacies/<int:pk>/transitions/", views.CandidacyTransitionsView.as_view(), name="api-candidacy-transitions"
    ),
    # One endpoint per declared action (its own request schema), then the same URL shape for any other name.
    *[
        path(
            f"candidacies/<int:pk>/transitions/{spec.name}/",
            views.perform_view(spec),
            {"action": spec.name},
            name=f"api-candidacy-{spec.name}",
        )
        for spec in actions.transition_specs()
    ],
    path(
        "candidacies/<int:pk>/transitions/<slug:action>/",
        views.CandidacyPerformAnyView.as_view(),
        name="api-candidacy-perform",
    ),
    path("candidacies/<int:pk>/mentors/", views.CandidacyMentorsView.as_view(), name="api-candidacy-mentors"),
    path("candidacies/<int:pk>/documents/", views.CandidacyDocumentsView.as_view(), name="api-candidacy-documents"),
    path("candidacies/<int:pk>/documents/<int:document_pk>/file/", scans.DocumentFileView.as_view(),
         name="api-document-file"),
    path("candidacies/<int:pk>/mentors/<int:mentorship_pk>/end/", corrections.MentorshipEndView.as_view(),
         name="api-candidacy-mentor-end"),
    path("candidacies/<int:pk>/deadline/extend/", corrections.DeadlineExtendView.as_view(),
         name="api-candidacy-deadline-extend"),
    path("candidacies/<int:pk>/history/", views.CandidacyHistoryView.as_view(), name="api-candidacy-history"),
    path("candidacies/<int:pk>/history/<int:entry_pk>/correct/", corrections.StepCorrectView.as_view(),
         name="api-candidacy-step-correct"),
    path("candidacies/<int:pk>/history/<int:entry_pk>/reverse/", corrections.StepReverseView.as_view(),
         name="api-candidacy-step-reverse"),
    path("candidacies/<int:pk>/verification/", verification.CandidacyVerificationView.as_view(),
         name="api-candidacy-verification"),
    path("candidacies/<int:pk>/verification/subjects/", verification.VerificationSubjectsView.as_view(),
         name="api-verification-subjects"),
    path("candidacies/<int:pk>/verification/requests/", verification.VerificationRequestsView.as_view(),
         name="api-verification-requests"),
    path("candidacies/<int:pk>/verification/requests/<int:request_pk>/reply/",
         verification.VerificationReplyView.as_view(), name="api-verification-reply"),
    path("imports/<slug:kind>/", imports.ImportView.as_view(), name="api-import"),
    path("auth/token/", signin_api.TokenObtainView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the Content-Security-Policy needs no
    # inline script; Swagger UI's own <style> block is the one inline style allowed, on this page only.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

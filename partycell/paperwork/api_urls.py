from django.urls import path

from partycell.paperwork import api

urlpatterns = [
    path("candidacies/<int:pk>/forms/", api.CandidacyFormsView.as_view(), name="api-candidacy-forms"),
    path("candidacies/<int:pk>/forms/<slug:slug>.docx", api.CandidacyFormView.as_view(), name="api-candidacy-form"),
]

from django.urls import path

from partycell.paperwork import views

urlpatterns = [
    path("candidacies/<int:pk>/forms/<slug:slug>.docx", views.form_download, name="form-download"),
    path("candidacies/<int:pk>/forms/<slug:slug>/print/", views.form_print, name="form-print"),
    path("candidacies/<int:pk>/forms/generated/<int:generated_pk>.docx", views.generated_download,
         name="generated-form-download"),
    path("calendar/", views.calendar_month, name="calendar-month"),
    path("calendar/feed/", views.calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar/feed/<slug:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("candidacies/<int:pk>/dossier.zip", views.dossier_download, name="dossier-download"),
    path("candidacies/dossiers.zip", views.dossiers_download, name="dossiers-download"),
    path("targets/units/<int:pk>/report.docx", views.unit_report_docx, name="targets-report-docx"),
]

from django.urls import path

from partycell.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:pk>/", views.unit_view, name="unit"),
    path("units/<int:pk>/print/", views.unit_print, name="unit-print"),
    path("units/<int:pk>/export.xlsx", views.unit_export, name="unit-export"),
    path("units/<int:pk>/compliance/", views.compliance, name="compliance"),
    path("periods/new/", views.period_new, name="period-new"),
    path("new/", views.target_new, name="target-new"),
    path("<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("<int:pk>/allocate/", views.target_allocate, name="target-allocate"),
    path("<int:pk>/history/", views.target_history, name="target-history"),
]

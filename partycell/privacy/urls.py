from django.urls import path

from partycell.privacy import views

app_name = "privacy"

urlpatterns = [
    path("access-log/", views.access_log, name="access-log"),
    path("people/<int:pk>/data.json", views.person_data_export, name="person-data"),
]

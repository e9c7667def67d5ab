from django.urls import path

from partycell.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
]

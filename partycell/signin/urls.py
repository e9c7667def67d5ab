from django.urls import path

from partycell.signin import views

app_name = "signin"
urlpatterns = [
    path("two-factor/", views.overview, name="two-factor"),
    path("two-factor/setup/", views.setup, name="setup"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("two-factor/off/", views.turn_off, name="turn-off"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]

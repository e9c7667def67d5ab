from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "partycell.signin"
    label = "signin"
    verbose_name = _("Signing in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partycell.signin import signals  # noqa: F401 - connects the log-in receivers

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyCellConfig(AppConfig):
    name = "partycell"
    verbose_name = _("PartyCell")

    def ready(self) -> None:
        from partycell import checks  # noqa: F401  (registers the system checks)

"""The one table operations needs: when the beat → broker → worker chain last ran its heartbeat task."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per named heartbeat; ``beat`` is sent by Celery beat and run by a worker (``/healthz``)."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("last beat at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} · {self.beat_at:%Y-%m-%d %H:%M:%S}"

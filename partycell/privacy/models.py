"""The access log: who viewed or exported which person's record, when, through which page.

Append-only: rows are added by ``partycell.privacy.access.log_access`` and never changed or deleted
(database triggers refuse it, see ``partycell.privacy.append_only``). A row names people by id only,
so anonymising a person never rewrites the log.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    """One viewing or export: a detail page or an export names each person shown; a list page its query."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    what = models.CharField(_("what"), max_length=100, help_text=_("The page, export or document shown."))
    query = models.CharField(_("search or filter"), max_length=500, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    person_count = models.PositiveIntegerField(_("people shown"), default=0)
    people = models.ManyToManyField(
        "people.Person", through="AccessLogPerson", related_name="+", verbose_name=_("people")
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} · {self.user_id} · {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log is append-only.")


class AccessLogPerson(models.Model):
    """A person shown by one access log entry (an id, never a copy of the name or CCCD)."""

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="access_log")

    class Meta:
        verbose_name = _("person shown")
        verbose_name_plural = _("people shown")
        constraints = [models.UniqueConstraint(fields=["entry", "person"], name="access_log_person_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.person_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log is append-only.")

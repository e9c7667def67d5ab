"""Every write of paperwork: generating a form, uploading a template, creating and revoking feeds."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partycell.accounts.models import User
from partycell.paperwork.context import Options, form_data, sample_data
from partycell.paperwork.models import CalendarFeed, FormTemplate, GeneratedForm, feed_token_digest, new_feed_token
from partycell.paperwork.rendering import (
    TemplateError,
    builtin_template,
    check_template,
    data_digest,
    render_docx,
    sha256,
)
from partycell.paperwork.specs import SPECS
from workflows.models import Candidacy


def template_in_force(code: str, *, on: datetime.date) -> tuple[FormTemplate | None, bytes]:
    """The uploaded template of ``code`` in force on ``on`` (the latest start on or before it), else the
    built-in one (``None``)."""
    uploaded = FormTemplate.objects.filter(form_code=code, effective_from__lte=on).order_by("-effective_from").first()
    if uploaded is not None:
        return uploaded, bytes(uploaded.content)
    return None, builtin_template(code)


def form_generate(
    *, candidacy: Candidacy, code: str, actor: User | None, options: Options | None = None,
    today: datetime.date | None = None,
) -> GeneratedForm:
    """The form ``code`` of ``candidacy``, filled from the case with the template in force on its date.

    1. read the data (``context.form_data``) and the template in force on the form's date;
    2. when the same data was already written with the same template, return that form as stored;
    3. else render it and store the bytes, so a later template or edit never changes this one.
    """
    dated, data = form_data(candidacy, code, options=options, today=today)
    template, content = template_in_force(code, on=dated)
    template_sha, data_sha = sha256(content), data_digest(data)
    existing = (
        GeneratedForm.objects.filter(candidacy=candidacy, form_code=code, template_sha256=template_sha,
                                     data_sha256=data_sha)
        .order_by("-generated_at", "-id").first()
    )  # fmt: skip
    if existing is not None:
        return existing
    return GeneratedForm.objects.create(
        candidacy=candidacy, form_code=code, dated=dated, template=template, template_sha256=template_sha,
        data_sha256=data_sha, content=render_docx(content, data), generated_by=actor,
    )  # fmt: skip


def form_template_check(*, code: str, content: bytes) -> None:
    """Raise ``ValidationError`` unless ``content`` can serve as the template of ``code``."""
    if code not in SPECS:
        raise ValidationError(_("PartyCell does not fill this form."), code="unknown_form")
    try:
        check_template(content, sample_data())
    except TemplateError as error:
        raise ValidationError(
            _("This file cannot be used as a template: %(reason)s") % {"reason": error}, code="bad_template"
        ) from error


def form_template_upload(
    *, code: str, effective_from: datetime.date, content: bytes, actor: User | None, file_name: str = "",
    note: str = "",
) -> FormTemplate:
    """Store an administrator's template for ``code`` from ``effective_from``, once it is known to render.

    Every variable it names must be one the forms are filled with (a misspelt one would print nothing)."""
    form_template_check(code=code, content=content)
    if FormTemplate.objects.filter(form_code=code, effective_from=effective_from).exists():
        raise ValidationError(_("A template of this form already starts on that day."), code="duplicate_start")
    return FormTemplate.objects.create(
        form_code=code, effective_from=effective_from, content=content, sha256=sha256(content),
        file_name=file_name[:200], note=note, uploaded_by=actor,
    )  # fmt: skip


def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret address for ``user``'s deadlines, and its token (shown once: only its digest is
    stored). Any earlier address is revoked: one address at a time."""
    token = new_feed_token()
    with transaction.atomic():
        calendar_feeds_revoke(user=user)
        return CalendarFeed.objects.create(user=user, token_sha256=feed_token_digest(token)), token


def calendar_feeds_revoke(*, user: User) -> int:
    """Revoke every active address of ``user``: they answer 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def calendar_feed_fetched(*, feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())



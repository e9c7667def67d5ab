"""Admin: upload a form's template with its start date; see the forms generated and the calendar feeds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partycell.paperwork.models import CalendarFeed, FormTemplate, GeneratedForm
from partycell.paperwork.rendering import MAX_TEMPLATE_BYTES, sha256
from partycell.paperwork.services import form_template_check
from partycell.paperwork.specs import SPECS
from workflows.enums import FormCode


class FormTemplateUploadForm(forms.ModelForm):
    form_code = forms.ChoiceField(label=_("form"), choices=[(code, FormCode(code).label) for code in SPECS])
    upload = forms.FileField(
        label=_("Template (.docx)"),
        help_text=_("Start from the built-in template (download a form from a case) and keep its {{ variables }}."),
    )

    class Meta:
        model = FormTemplate
        fields = ["form_code", "effective_from", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is None or not data.get("form_code"):
            return data
        if upload.size > MAX_TEMPLATE_BYTES:
            self.add_error("upload", _("The file is larger than 2 MB."))
            return data
        content = upload.read()
        try:
            form_template_check(code=data["form_code"], content=content)
        except forms.ValidationError as error:
            self.add_error("upload", error)
            return data
        self.instance.content, self.instance.sha256 = content, sha256(content)
        self.instance.file_name = (upload.name or "")[:200]
        return data


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin):
    list_display = ("form_code", "effective_from", "file_name", "uploaded_by", "uploaded_at")
    list_filter = ("form_code",)
    form = FormTemplateUploadForm

    def get_readonly_fields(self, request: HttpRequest, obj: FormTemplate | None = None) -> Any:
        # An uploaded template is never changed: upload a new one with a later start date instead.
        return ("form_code", "effective_from", "file_name", "sha256", "uploaded_by", "uploaded_at") if obj else ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is not None:
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = ["note"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: FormTemplate, form: Any, change: bool) -> None:
        if not change:
            obj.uploaded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(GeneratedForm)
class GeneratedFormAdmin(admin.ModelAdmin):
    list_display = ("form_code", "candidacy", "dated", "template", "generated_by", "generated_at")
    list_filter = ("form_code",)
    exclude = ("content",)
    readonly_fields = ("candidacy", "form_code", "dated", "template", "template_sha256", "data_sha256",
                       "generated_by", "generated_at")  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "revoked_at", "last_fetched_at")
    exclude = ("token_sha256",)
    readonly_fields = ("user", "created_at", "last_fetched_at")

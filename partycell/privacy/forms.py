from django import forms
from django.utils.translation import gettext_lazy as _

from partycell.people.vietnamese import normalise_text


class AccessLogSearchForm(forms.Form):
    person = forms.CharField(label=_("Person (name or citizen ID)"), required=False, max_length=100)
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    what = forms.CharField(label=_("Page or export"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        for name in ("person", "username", "what"):
            data[name] = normalise_text(data.get(name) or "").replace("\x00", "")
        return data

"""What the web layer needs to know about workflow actions: labels and evidence forms."""

from django import forms


def action_form_class(action: str) -> type[forms.Form] | None:
    return None


def action_label(action: str) -> str:
    return action.replace("_", " ").capitalize()

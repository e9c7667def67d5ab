from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from treebeard.forms import MoveNodeForm

from partycell.organisations.models import Unit


class UnitMoveForm(MoveNodeForm):
    """The admin form for a unit; refuses to make a unit its own ancestor before anything is written."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        reference = cleaned.get("treebeard_ref_node")
        if reference is not None and self.instance.pk and reference.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _("A party organisation cannot be placed under itself or one of its own sub-units."),
                code="unit_cycle",
            )
        return cleaned

    class Meta:
        model = Unit
        exclude = ("path", "depth", "numchild")

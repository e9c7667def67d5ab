"""Template helpers for the paperwork hooks on the candidate page."""

from __future__ import annotations

from django import template

from partycell.paperwork.selectors import generated_forms
from partycell.paperwork.specs import SPECS
from workflows.models import Candidacy

register = template.Library()


@register.simple_tag
def earlier_forms(candidacy: Candidacy) -> list:
    return list(generated_forms(candidacy)[:20])


@register.filter
def fillable(code: str) -> str:
    """The form's URL slug when PartyCell fills it, else ''."""
    return code.replace("Đ", "D") if code in SPECS else ""

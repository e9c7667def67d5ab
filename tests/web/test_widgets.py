"""The list pages' drop-downs are written in Python; they must stay Django's HTML, byte for byte."""

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe

from partycell.web.widgets import ListSelect
from workflows.enums import Stage

CHOICES = [
    Stage.choices,
    [("", "All stages"), *Stage.choices],
    [("Group <a>", [("1", "x < y"), ("2", mark_safe("<b>kept</b>"))]), ("3", "c"), (1.5, 1234567)],
    [(2026, 2026), (2025, 2025)],
]
ATTRS = [None, {"id": "id_stage", "required": True, "disabled": False, "data-x": 'a"b<', "size": 3}]


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("value", [None, "", "official", "1", "not a choice", 2025, "2025"])
@pytest.mark.parametrize("attrs", ATTRS)
def test_list_select_renders_the_html_of_djangos_select(choices, value, attrs):
    with translation.override("vi"):
        expected = forms.Select(choices=choices).render("stage", value, attrs=attrs)
        assert ListSelect(choices=choices).render("stage", value, attrs=attrs) == expected


def test_candidate_list_keeps_the_chosen_stage_selected(tree, secretary, login):
    response = login(secretary).get("/candidacies/", {"stage": Stage.OFFICIAL})
    assert '<option value="official" selected>' in response.content.decode()

"""Form widgets of the list pages."""

from typing import Any

from django import forms
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _value(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: escaped unless already safe."""
    return str(conditional_escape(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's django/forms/widgets/attrs.html: `` name="value"``, `` name`` for True, nothing for False."""
    return "".join(
        "" if value is False else f" {conditional_escape(name)}" + ("" if value is True else f'="{_value(value)}"')
        for name, value in attrs.items()
    )


class ListSelect(forms.Select):
    """Django's ``Select`` with the same HTML, character for character (tests/web/test_widgets.py), written
    here instead of by django/forms/widgets/select.html: the template engine took 0.2-0.3 ms per option,
    most of a filter form's rendering on the candidate list."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        widget, plain = context["widget"], Context()  # Context(): autoescape, as the template renders
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, plain)}">')
            for option in group_choices:
                value, attrs = _value(option["value"]), _attrs(option["attrs"])
                label = render_value_in_context(option["label"], plain)
                parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())  # noqa: S308 - every value above is escaped

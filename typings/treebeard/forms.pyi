from typing import Any

from django import forms

class MoveNodeForm(forms.ModelForm[Any]): ...

def movenodeform_factory(
    model: type[Any], form: type[MoveNodeForm] = ..., exclude: Any = None, **kwargs: Any
) -> type[MoveNodeForm]: ...

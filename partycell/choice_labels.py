"""``get_FOO_display`` at the cost of one translation, for models shown row by row on lists.

Django's ``Model._get_FIELD_display`` rebuilds a dict of every choice on each call, and building it
hashes each label: a lazy label is translated to be hashed. A stage label on a 50-row list cost
50 x 20 translations (about a fifth of the API candidacy list). ``ChoiceLabelsMixin`` builds the dict
once per field, keyed by the stored values, with the lazy labels untouched, and translates only the
label asked for. The answer is Django's: the label in the active language, or the value itself when
it is not one of the choices.
"""

from functools import cache
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _labels(field: models.Field) -> dict[Any, Any]:
    """The field's choices, stored value -> (lazy) label; choices are fixed when the model is declared."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """Put first in a model's bases: Django binds each ``get_FOO_display`` to the class's
    ``_get_FIELD_display`` when the model is declared."""

    def _get_FIELD_display(self, field: models.Field) -> Any:
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)

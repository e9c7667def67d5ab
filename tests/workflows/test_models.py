"""The candidacy model's own helpers (workflows.models)."""

import pytest
from django.utils import translation

from workflows.enums import Stage
from workflows.models import Candidacy

pytestmark = pytest.mark.django_db  # the suite's database fixtures (the replica alias) expect one


def test_stage_display_is_the_stage_label_in_the_active_language():
    with translation.override("vi"):
        shown = {stage: Candidacy(stage=stage).get_stage_display() for stage in Stage.values}
        labels = {stage: str(label) for stage, label in Stage.choices}

    assert shown == labels
    assert shown[Stage.ESCALATED] != str(Stage.ESCALATED.label)  # Vietnamese, not the English msgid

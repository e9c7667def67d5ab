"""A stored choice's label (``get_FOO_display``) follows the language of each request, as Django's does."""

from django.utils import translation

from partycell.people.models import Membership, MembershipStatus
from workflows.enums import Stage
from workflows.models import Candidacy, TransitionLog


def test_stage_label_follows_the_active_language_call_after_call():
    candidacy = Candidacy(stage=Stage.CELL_APPROVED)

    with translation.override("en"):
        english = candidacy.get_stage_display()
    with translation.override("vi"):
        vietnamese = candidacy.get_stage_display()

    assert english == "Proposed by the cell"
    assert vietnamese == "Chi bộ đã đề nghị kết nạp"


def test_a_value_outside_the_choices_is_shown_as_stored():
    entry = TransitionLog(from_stage="", to_stage="no_such_stage")

    assert entry.get_from_stage_display() == ""
    assert entry.get_to_stage_display() == "no_such_stage"


def test_every_choice_has_the_label_django_declares():
    with translation.override("vi"):
        for status in MembershipStatus:
            assert Membership(status=status).get_status_display() == str(status.label)

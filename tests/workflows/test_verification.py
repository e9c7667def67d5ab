"""Background verification (domain.md A6): the file stage's deadline, the tracker's services."""

from partycell.rulebook.calendar import working_days_between
from tests.factories import CandidacyFactory
from tests.walk import D, perform
from workflows import deadlines
from workflows.enums import Stage
from workflows.models import TransitionLog


def test_opening_the_file_starts_the_verification_deadline_from_the_personal_history(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE)
    data = {"application_date": "2026-03-02", "history_date": "2026-03-04"}

    perform(secretary, candidacy, "file_open", data, today=D(2026, 3, 5))

    assert candidacy.stage_due_rule == deadlines.VERIFICATION
    # 30 working days (the rule's default, [L]) from Wednesday 4 March 2026: six weeks, no holiday between.
    assert working_days_between(D(2026, 3, 4), candidacy.stage_due_on) == 30
    assert candidacy.stage_due_on == D(2026, 4, 15)
    opened = TransitionLog.objects.get(candidacy=candidacy, action="file_open")
    assert opened.due_on == candidacy.stage_due_on
    assert opened.rules[deadlines.VERIFICATION]["value"] == "30"


def test_concluding_the_verification_ends_the_file_stage_deadline(tree, secretary, grassroots_staff):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE)
    perform(secretary, candidacy, "file_open", {"application_date": "2026-03-02", "history_date": "2026-03-04"},
            today=D(2026, 3, 5))  # fmt: skip

    perform(grassroots_staff, candidacy, "history_verify", {"verification_date": "2026-04-01"}, today=D(2026, 4, 1))

    assert candidacy.stage == Stage.VERIFIED
    assert candidacy.stage_due_on is None
    assert candidacy.stage_due_rule == ""

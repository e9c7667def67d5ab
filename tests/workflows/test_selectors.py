"""Reads of candidacies (workflows.selectors): the deadline a case's trail stored before it entered a stage,
which the compliance audit judges an act against."""

import datetime

from django.utils import timezone

from tests.factories import CandidacyFactory, TransitionLogFactory
from workflows.enums import Stage
from workflows.models import Candidacy
from workflows.selectors import deadlines_before_entering

D = datetime.date
NOON = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


def _log(candidacy, from_stage, to_stage, *, due_on=None, minutes=0):
    return TransitionLogFactory(candidacy=candidacy, from_stage=from_stage, to_stage=to_stage, due_on=due_on,
                                occurred_at=NOON + datetime.timedelta(minutes=minutes))  # fmt: skip


def test_deadline_before_entering_is_the_one_stored_by_the_entry_just_before(tree):
    case = CandidacyFactory(cell=tree.cell_a)
    _log(case, Stage.FILE_OPEN, Stage.INTRODUCED, due_on=D(2026, 2, 1), minutes=0)
    _log(case, Stage.INTRODUCED, Stage.CELL_APPROVED, due_on=D(2026, 5, 29), minutes=1)
    _log(case, Stage.CELL_APPROVED, Stage.ADMISSION_DECIDED, due_on=D(2026, 7, 1), minutes=2)

    found = deadlines_before_entering(candidacies=[case.pk], stage=Stage.ADMISSION_DECIDED)

    assert found == {case.pk: D(2026, 5, 29)}


def test_deadline_before_entering_a_stage_twice_is_the_one_of_the_first_entry(tree):
    """A decision reversed and taken again: the act judged is the first one."""
    case = CandidacyFactory(cell=tree.cell_a)
    _log(case, Stage.INTRODUCED, Stage.CELL_APPROVED, due_on=D(2026, 5, 29), minutes=0)
    _log(case, Stage.CELL_APPROVED, Stage.ADMISSION_DECIDED, minutes=1)
    _log(case, Stage.ADMISSION_DECIDED, Stage.CELL_APPROVED, due_on=D(2026, 9, 30), minutes=2)
    _log(case, Stage.CELL_APPROVED, Stage.ADMISSION_DECIDED, minutes=3)

    found = deadlines_before_entering(candidacies=[case.pk], stage=Stage.ADMISSION_DECIDED)

    assert found == {case.pk: D(2026, 5, 29)}


def test_deadline_before_entering_breaks_a_tie_of_times_by_the_order_of_recording(tree):
    case = CandidacyFactory(cell=tree.cell_a)
    _log(case, Stage.FILE_OPEN, Stage.INTRODUCED, due_on=D(2026, 2, 1))
    _log(case, Stage.INTRODUCED, Stage.CELL_APPROVED, due_on=D(2026, 5, 29))  # same time, recorded later
    _log(case, Stage.CELL_APPROVED, Stage.ADMISSION_DECIDED)

    found = deadlines_before_entering(candidacies=[case.pk], stage=Stage.ADMISSION_DECIDED)

    assert found == {case.pk: D(2026, 5, 29)}


def test_deadline_before_entering_is_none_without_an_earlier_entry_and_absent_without_an_entry(tree):
    first = CandidacyFactory(cell=tree.cell_a)
    _log(first, Stage.CELL_APPROVED, Stage.ADMISSION_DECIDED, due_on=D(2026, 7, 1))
    never = CandidacyFactory(cell=tree.cell_a)
    _log(never, Stage.INTRODUCED, Stage.CELL_APPROVED, due_on=D(2026, 5, 29))
    kept = CandidacyFactory(cell=tree.cell_a)
    _log(kept, Stage.ADMISSION_DECIDED, Stage.ADMISSION_DECIDED, due_on=D(2026, 8, 1))  # an extension: no entry

    found = deadlines_before_entering(candidacies=[first.pk, never.pk, kept.pk], stage=Stage.ADMISSION_DECIDED)

    assert found == {first.pk: None}


def test_deadline_before_entering_takes_the_cases_as_a_query(tree):
    """The audit passes its own filter, so no list of thousands of ids goes back to the database."""
    inside = CandidacyFactory(cell=tree.cell_a)
    outside = CandidacyFactory(cell=tree.cell_b)
    for case in (inside, outside):
        _log(case, Stage.INTRODUCED, Stage.CELL_APPROVED, due_on=D(2026, 5, 29), minutes=0)
        _log(case, Stage.CELL_APPROVED, Stage.ADMISSION_DECIDED, minutes=1)

    cases = Candidacy.objects.filter(cell=tree.cell_a).values("pk")
    found = deadlines_before_entering(candidacies=cases, stage=Stage.ADMISSION_DECIDED)

    assert found == {inside.pk: D(2026, 5, 29)}

"""The dashboard selector: a cell's funnel and overdue steps come from the cases its page lists."""

import datetime

from partycell.organisations.models import Unit
from partycell.targets.enums import TargetKind
from partycell.targets.selectors.dashboard import unit_dashboard
from partycell.targets.selectors.pipeline import funnel, overdue_by_child
from tests.factories import CandidacyFactory
from workflows.enums import Stage

TODAY = datetime.date(2026, 7, 2)


def _cases(cell: Unit) -> None:
    """Open cases past, on and before their due date, one without a date, and closed ones past due."""
    for stage, due in [
        (Stage.SYMPATHISER, TODAY - datetime.timedelta(days=1)),
        (Stage.SYMPATHISER, TODAY),
        (Stage.FILE_OPEN, TODAY - datetime.timedelta(days=30)),
        (Stage.FILE_OPEN, TODAY + datetime.timedelta(days=5)),
        (Stage.PROBATIONARY, None),
        (Stage.ESCALATED, TODAY - datetime.timedelta(days=3)),
        (Stage.WITHDRAWN, TODAY - datetime.timedelta(days=9)),
        (Stage.OFFICIAL, TODAY - datetime.timedelta(days=9)),
    ]:
        CandidacyFactory(cell=cell, stage=stage, stage_due_on=due)


def test_dashboard_of_a_cell_counts_funnel_and_overdue_steps_as_the_queries_do(tree, year_2026):
    _cases(tree.cell_a)
    _cases(tree.cell_b)  # a neighbour's cases count in neither

    dashboard = unit_dashboard(unit=tree.cell_a, period=year_2026, kind=TargetKind.ADMISSIONS, today=TODAY)

    assert dashboard.funnel == funnel(unit=tree.cell_a)
    assert dashboard.own_overdue == sum(overdue_by_child(unit=tree.cell_a, today=TODAY).values()) == 3
    assert {step.stage: step.count for step in dashboard.funnel if step.count} == {
        Stage.SYMPATHISER: 2, Stage.FILE_OPEN: 2, Stage.PROBATIONARY: 1, Stage.ESCALATED: 1,
    }  # fmt: skip
    assert dashboard.candidacies is not None and len(dashboard.candidacies) == 6


def test_dashboard_of_a_cell_runs_four_queries(tree, year_2026, django_assert_num_queries):
    _cases(tree.cell_a)

    with django_assert_num_queries(4):  # targets, achievements, open cases, median days
        dashboard = unit_dashboard(unit=tree.cell_a, period=year_2026, kind=TargetKind.ADMISSIONS, today=TODAY)
        assert dashboard.candidacies is not None and len(dashboard.candidacies) == 6


def test_dashboard_of_a_committee_counts_overdue_steps_per_child(tree, year_2026):
    _cases(tree.cell_a)

    dashboard = unit_dashboard(unit=tree.grassroots, period=year_2026, kind=TargetKind.ADMISSIONS, today=TODAY)

    assert [(row.unit, row.overdue) for row in dashboard.rows] == [(tree.cell_a, 3), (tree.cell_b, 0)]
    assert dashboard.own_overdue == 3 and dashboard.candidacies is None

import datetime

import pytest
from django.urls import reverse

from tests.web.conftest import make_candidacy
from workflows.enums import Phase, Stage


def test_todo_lists_overdue_first_then_by_due_date(tree, secretary, login, today):
    later = make_candidacy(tree.cell_a, due_on=today + datetime.timedelta(days=20))
    sooner = make_candidacy(tree.cell_a, due_on=today + datetime.timedelta(days=2))
    no_deadline = make_candidacy(tree.cell_a)
    overdue = make_candidacy(tree.cell_a, due_on=today - datetime.timedelta(days=3))

    response = login(secretary).get(reverse("todo"))

    assert [c.pk for c in response.context["page"]] == [overdue.pk, sooner.pk, later.pk, no_deadline.pk]
    assert response.content.decode().count('class="todo-item overdue"') == 1


def test_todo_leaves_out_closed_and_foreign_candidacies(tree, secretary, login):
    make_candidacy(tree.cell_a, stage=Stage.WITHDRAWN)
    make_candidacy(tree.cell_b)

    response = login(secretary).get(reverse("todo"))

    assert list(response.context["page"]) == []


def test_todo_gives_each_case_of_one_cell_to_whoever_takes_its_next_step(tree, secretary, commune_staff, login):
    # One cell, two stages: the background check is the grassroots committee's, the introduction the cell's.
    awaiting_verification = make_candidacy(tree.cell_a, stage=Stage.FILE_OPEN)
    awaiting_introduction = make_candidacy(tree.cell_a, stage=Stage.VERIFIED)

    secretarys = login(secretary).get(reverse("todo")).context["page"]
    staffs = login(commune_staff).get(reverse("todo")).context["page"]

    assert [c.pk for c in secretarys] == [awaiting_introduction.pk]
    assert [c.pk for c in staffs] == [awaiting_verification.pk]


def test_todo_offers_an_escalated_case_the_steps_of_the_phase_it_was_escalated_in(tree, commune_staff, login):
    in_admission = make_candidacy(tree.cell_a, stage=Stage.ESCALATED, escalated_phase=Phase.ADMISSION)
    in_recognition = make_candidacy(tree.cell_a, stage=Stage.ESCALATED, escalated_phase=Phase.RECOGNITION)

    items = login(commune_staff).get(reverse("todo")).context["items"]

    steps = {candidacy.pk: {spec.name for spec in specs} for candidacy, specs in items}
    assert "admission_decide" in steps[in_admission.pk]
    assert "recognition_decide" not in steps[in_admission.pk]
    assert "recognition_decide" in steps[in_recognition.pk]
    assert "admission_decide" not in steps[in_recognition.pk]


def test_todo_is_empty_for_an_auditor(tree, auditor, login):
    make_candidacy(tree.cell_a)

    response = login(auditor).get(reverse("todo"))

    assert list(response.context["page"]) == []


@pytest.mark.parametrize("rows", [1, 3])
def test_todo_runs_a_fixed_number_of_queries(tree, commune_staff, login, rows, today, django_assert_num_queries):
    cells = [tree.cell_a, tree.cell_b, tree.cell_c]
    for index in range(rows):
        make_candidacy(cells[index], stage=Stage.FILE_OPEN, due_on=today + datetime.timedelta(days=index))
    client = login(commune_staff)

    # session, user, role assignments, distinct (cell, stage, phase), cells, their ancestors and
    # authority grants (review paths), count, page
    with django_assert_num_queries(9):
        response = client.get(reverse("todo"))

    assert len(response.context["page"]) == rows

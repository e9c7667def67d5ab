import datetime

import pytest
from django.urls import reverse

from tests.web.conftest import make_candidacy
from workflows.enums import Stage


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


def test_todo_is_empty_for_an_auditor(tree, auditor, login):
    make_candidacy(tree.cell_a)

    response = login(auditor).get(reverse("todo"))

    assert list(response.context["page"]) == []


@pytest.mark.parametrize("rows", [1, 3])
def test_todo_runs_a_fixed_number_of_queries(tree, secretary, login, rows, today, django_assert_num_queries):
    for days in range(rows):
        make_candidacy(tree.cell_a, due_on=today + datetime.timedelta(days=days))
    client = login(secretary)

    # session, user, editing scope, role assignments (steps), count, page
    with django_assert_num_queries(5):
        response = client.get(reverse("todo"))

    assert len(response.context["page"]) == rows

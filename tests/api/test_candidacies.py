import datetime

import pytest
import time_machine

from workflows.enums import Stage


def test_candidacy_list_shows_only_candidacies_in_scope(api, secretary, tree, place_candidacy):
    mine = place_candidacy(tree.cell_a)
    place_candidacy(tree.cell_b)

    response = api(secretary).get("/api/v1/candidacies/")

    assert [row["id"] for row in response.data["results"]] == [mine.pk]


def test_candidacy_detail_in_another_cell_is_not_found(api, secretary, tree, place_candidacy):
    stranger = place_candidacy(tree.cell_b)

    response = api(secretary).get(f"/api/v1/candidacies/{stranger.pk}/")

    assert response.status_code == 404
    assert stranger.person.full_name not in response.content.decode()


def test_candidacy_detail_shows_person_stage_label_and_due_date(api, secretary, tree, place_candidacy):
    candidacy = place_candidacy(
        tree.cell_a, stage=Stage.CELL_APPROVED, stage_due_on=datetime.date(2026, 5, 4),
        cell_resolution_date=datetime.date(2026, 2, 2),
    )  # fmt: skip

    vietnamese = api(secretary).get(f"/api/v1/candidacies/{candidacy.pk}/")
    english = api(secretary).get(f"/api/v1/candidacies/{candidacy.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert vietnamese.data["person"]["full_name"] == candidacy.person.full_name
    assert vietnamese.data["cell"]["name"] == "Chi bộ Giáo viên 1"
    assert vietnamese.data["stage"] == "cell_approved"
    assert vietnamese.data["stage_due_on"] == "2026-05-04"
    assert english.data["stage_label"] == "Proposed by the cell"


def test_candidacy_list_filters_by_stage(api, commune_staff, tree, place_candidacy):
    place_candidacy(tree.cell_a, stage=Stage.SOURCE)
    verified = place_candidacy(tree.cell_b, stage=Stage.VERIFIED)

    response = api(commune_staff).get("/api/v1/candidacies/", {"stage": "verified"})

    assert [row["id"] for row in response.data["results"]] == [verified.pk]


def test_candidacy_list_filters_by_unit_subtree(api, commune_staff, tree, place_candidacy):
    in_a = place_candidacy(tree.cell_a)
    in_b = place_candidacy(tree.cell_b)
    place_candidacy(tree.cell_c)

    response = api(commune_staff).get("/api/v1/candidacies/", {"unit": tree.grassroots.pk})

    assert {row["id"] for row in response.data["results"]} == {in_a.pk, in_b.pk}


def test_candidacy_list_filter_by_unit_outside_scope_is_empty(api, secretary, tree, place_candidacy):
    place_candidacy(tree.other_cell)

    response = api(secretary).get("/api/v1/candidacies/", {"unit": tree.other_commune.pk})

    assert response.data["count"] == 0


@time_machine.travel(datetime.date(2026, 6, 1), tick=False)
def test_candidacy_list_filters_overdue_steps(api, secretary, tree, place_candidacy):
    late = place_candidacy(tree.cell_a, stage=Stage.CELL_APPROVED, stage_due_on=datetime.date(2026, 5, 31))
    place_candidacy(tree.cell_a, stage=Stage.CELL_APPROVED, stage_due_on=datetime.date(2026, 6, 1))
    place_candidacy(tree.cell_a, stage=Stage.SOURCE)

    overdue = api(secretary).get("/api/v1/candidacies/", {"overdue": "true"})
    on_time = api(secretary).get("/api/v1/candidacies/", {"overdue": "false"})

    assert [row["id"] for row in overdue.data["results"]] == [late.pk]
    assert on_time.data["count"] == 2


@pytest.mark.parametrize("rows", [1, 3])
def test_candidacy_list_query_count_is_fixed(api, secretary, tree, place_candidacy, django_assert_num_queries, rows):
    for _ in range(rows):
        place_candidacy(tree.cell_a)
    client = api(secretary)

    # role assignments (scope), count, page of candidacies with person and cell, the access log's entry
    with django_assert_num_queries(4):
        response = client.get("/api/v1/candidacies/")

    assert len(response.data["results"]) == rows

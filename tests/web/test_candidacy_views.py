import datetime
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.web.conftest import make_candidacy
from workflows.enums import Stage


def test_candidacy_list_shows_only_the_users_subtree(tree, secretary, login):
    mine = make_candidacy(tree.cell_a, full_name="Nguyễn Văn Mạnh")
    make_candidacy(tree.cell_b, full_name="Trần Thị Ngoại")

    response = login(secretary).get(reverse("candidacy-list"))

    assert [c.pk for c in response.context["page"]] == [mine.pk]
    assert "Trần Thị Ngoại" not in response.content.decode()


def test_candidacy_list_search_ignores_diacritics(tree, commune_staff, login):
    found = make_candidacy(tree.cell_a, full_name="Nguyễn Văn Đức")
    make_candidacy(tree.cell_b, full_name="Lê Thị Hoa")

    response = login(commune_staff).get(reverse("candidacy-list"), {"q": "nguyen van duc"})

    assert [c.pk for c in response.context["page"]] == [found.pk]


def test_candidacy_list_filters_by_unit_subtree_stage_and_overdue(tree, commune_staff, login, today):
    in_a = make_candidacy(tree.cell_a, stage=Stage.SYMPATHISER, due_on=today - datetime.timedelta(days=1))
    in_b = make_candidacy(tree.cell_b, stage=Stage.CLASS_DONE, due_on=today + datetime.timedelta(days=5))
    in_c = make_candidacy(tree.cell_c, stage=Stage.SYMPATHISER)
    client = login(commune_staff)

    by_unit = client.get(reverse("candidacy-list"), {"unit": tree.grassroots.pk})
    by_stage = client.get(reverse("candidacy-list"), {"stage": Stage.SYMPATHISER})
    overdue = client.get(reverse("candidacy-list"), {"overdue": "on"})

    assert {c.pk for c in by_unit.context["page"]} == {in_a.pk, in_b.pk}
    assert {c.pk for c in by_stage.context["page"]} == {in_a.pk, in_c.pk}
    assert [c.pk for c in overdue.context["page"]] == [in_a.pk]


def test_candidacy_list_says_overdue_in_words_not_only_by_colour(tree, commune_staff, login, today):
    make_candidacy(tree.cell_a, due_on=today - datetime.timedelta(days=1), full_name="Trần Văn Muộn")
    make_candidacy(tree.cell_b, due_on=today + datetime.timedelta(days=5), full_name="Lê Thị Sớm")

    html = login(commune_staff).get(reverse("candidacy-list")).content.decode()

    late_row = html[html.index("Trần Văn Muộn") : html.index("</tr>", html.index("Trần Văn Muộn"))]
    early_row = html[html.index("Lê Thị Sớm") : html.index("</tr>", html.index("Lê Thị Sớm"))]
    assert 'class="badge overdue"' in late_row
    assert 'class="badge overdue"' not in early_row


def test_candidacy_list_refuses_a_foreign_unit_filter(tree, secretary, login):
    make_candidacy(tree.other_cell)

    response = login(secretary).get(reverse("candidacy-list"), {"unit": tree.other_cell.pk})

    assert "unit" in response.context["filter"].form.errors
    assert list(response.context["page"]) == []


def test_candidacy_list_paginates(tree, commune_staff, login):
    for _ in range(27):
        make_candidacy(tree.cell_a)

    response = login(commune_staff).get(reverse("candidacy-list"), {"page": 2})

    assert len(response.context["page"]) == 2
    assert response.context["page"].paginator.num_pages == 2


@pytest.mark.parametrize("rows", [1, 3])
def test_candidacy_list_runs_a_fixed_number_of_queries(tree, commune_staff, login, rows, django_assert_num_queries):
    for _ in range(rows):
        make_candidacy(tree.cell_a)
    client = login(commune_staff)

    # session, user, scope, editing scope (menu), count, page, the unit picker's top units (never
    # every unit: see test_pickers.py), the access log's entry (a list records its search, not its rows)
    with django_assert_num_queries(7):
        response = client.get(reverse("candidacy-list"))

    assert len(response.context["page"]) == rows


def test_candidacy_export_is_an_xlsx_of_the_filtered_list(tree, commune_staff, login):
    make_candidacy(tree.cell_a, full_name="Nguyễn Văn Mạnh")
    make_candidacy(tree.cell_c, full_name="Lê Thị Hoa")

    response = login(commune_staff).get(reverse("candidacy-export"), {"unit": tree.cell_a.pk})

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == gettext("Full name")
    assert [row[0] for row in rows[1:]] == ["Nguyễn Văn Mạnh"]


def test_candidacy_detail_of_another_subtree_is_404(tree, secretary, login):
    foreign = make_candidacy(tree.other_cell)

    response = login(secretary).get(reverse("candidacy-detail", args=[foreign.pk]))

    assert response.status_code == 404


def test_candidacy_detail_shows_the_timeline(tree, secretary, login):
    candidacy = make_candidacy(tree.cell_a)

    response = login(secretary).get(reverse("candidacy-detail", args=[candidacy.pk]))

    entries = response.context["timeline"]
    assert [entry.log.action for entry in entries] == ["create"]
    assert "15/01/2025" in response.content.decode()


def test_auditor_sees_every_candidacy_of_the_province_read_only(tree, auditor, login):
    candidacy = make_candidacy(tree.other_cell)

    response = login(auditor).get(reverse("candidacy-detail", args=[candidacy.pk]))

    assert response.status_code == 200
    assert response.context["may_edit"] is False
    assert 'href="/targets/"' in response.content.decode()


def test_outsider_sees_no_candidacy(tree, outsider, login):
    candidacy = make_candidacy(tree.cell_a)
    client = login(outsider)

    assert client.get(reverse("candidacy-detail", args=[candidacy.pk])).status_code == 404
    assert list(client.get(reverse("candidacy-list")).context["page"]) == []


def test_candidacy_list_needs_login(client):
    response = client.get(reverse("candidacy-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

"""A unit chosen by search inside a form, where the units on offer are too many for a drop-down: a province's
administrator registering a candidate, or placing a unit under another. Typing a name without diacritics or
the code names the unit; several matches come back as radios with everything else typed kept; nothing outside
the user's area is ever offered or accepted."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partycell.organisations.models import OrganisationChange, Unit
from partycell.people.models import Person
from partycell.web.selectors import PICK_LIMIT
from tests.factories import make_unit
from tests.walk import at
from tests.web.test_register_views import registration
from workflows.models import Candidacy

D = datetime.date
REGISTER = reverse("candidacy-register")
MANY = PICK_LIMIT * 2 + 5  # more cells than a drop-down lists


@pytest.fixture
def many_cells(tree):
    """A province with more cells than a drop-down shows: the hamlets of a second commune."""
    return [
        make_unit("grassroots_cell", parent=tree.other_commune, name=f"Chi bộ Thôn {number}",
                  code=f"TN-THON-{number:02d}")  # fmt: skip
        for number in range(1, MANY)
    ]


def _search(client, search, name, text):
    return client.get(reverse("unit-search", args=[search]), {"name": name, f"{name}_q": text},
                      headers={"HX-Request": "true", "Accept-Language": "en"})  # fmt: skip


def _radios(response):
    return [unit.name for unit in response.context["choices"]]


def _register(client, *, cell=None, **overrides):
    data = {key: value for key, value in registration(SimpleNamespace(pk=None), **overrides).items() if key != "cell"}
    if cell is not None:
        data["cell"] = cell
    return client.post(REGISTER, data, headers={"Accept-Language": "en"})


def test_a_province_administrator_gets_a_search_not_a_drop_down_of_every_cell(tree, administrator, many_cells, login):
    html = login(administrator).get(REGISTER).content.decode()

    assert '<select name="cell"' not in html
    assert 'name="cell_q"' in html
    assert "Chi bộ Thôn 7" not in html  # nothing listed until the user types


def test_commune_staff_keep_the_drop_down_of_their_few_cells(tree, commune_staff, many_cells, login):
    html = login(commune_staff).get(REGISTER).content.decode()

    assert '<select name="cell"' in html
    assert "Chi bộ Giáo viên 1" in html and "Chi bộ Thôn 7" not in html


def test_typing_a_name_without_diacritics_offers_the_matching_cells_as_you_type(tree, administrator, many_cells,
                                                                               login):  # fmt: skip
    response = _search(login(administrator), "cell", "cell", "thon 7")

    assert _radios(response) == ["Chi bộ Thôn 7"]
    html = response.content.decode()
    assert f'type="radio" name="cell" value="{many_cells[6].pk}"' in html
    assert "Đảng ủy xã Đại Phúc" in html  # the cell's committee, to tell two cells of one name apart


def test_the_search_offers_at_most_a_short_list_and_says_more_match(tree, administrator, many_cells, login):
    response = _search(login(administrator), "cell", "cell", "chi bo thon")

    assert len(_radios(response)) == PICK_LIMIT
    assert "More match" in response.content.decode()


def test_a_name_that_names_one_cell_registers_the_candidate_there(tree, administrator, many_cells, login):
    response = _register(login(administrator), cell=None, cell_q="Chi bo Thon 7")

    assert response.status_code == 302
    assert Candidacy.objects.get().cell == many_cells[6]


def test_the_cells_code_names_it_even_typed_in_full_width_with_a_zero_width_space(tree, administrator, many_cells,
                                                                                  login):  # fmt: skip
    response = _register(login(administrator), cell=None, cell_q="ＴＮ-ＴＨＯＮ-\u200b１２")

    assert response.status_code == 302
    assert Candidacy.objects.get().cell == many_cells[11]


def test_several_matches_come_back_as_choices_with_everything_typed_kept(tree, administrator, many_cells, login):
    client = login(administrator)

    response = _register(client, cell=None, cell_q="thon 1")

    html = response.content.decode()
    assert response.status_code == 422
    assert "Several units match “thon 1”" in html
    assert 'type="radio" name="cell"' in html and "Chi bộ Thôn 10" in html
    assert 'value="Đặng Thị Thu Trang"' in html and 'value="thon 1"' in html
    assert not Person.objects.exists()

    chosen = _register(client, cell=str(many_cells[9].pk), cell_q="thon 1")  # the radio of "Thôn 10"

    assert chosen.status_code == 302
    assert Candidacy.objects.get().cell == many_cells[9]


@pytest.mark.parametrize("typed", ["Chi bộ không có", "\u200b", "１２３４５６７８９０１２３４５６７８９０"])
def test_text_that_names_no_cell_is_refused_and_nothing_saved(tree, administrator, many_cells, login, typed):
    response = _register(login(administrator), cell=None, cell_q=typed)

    assert response.status_code == 422
    assert "cell" in response.context["form"].errors
    assert not Person.objects.exists()


@pytest.mark.parametrize("foreign", ["other_province_cell", "committee", "garbage"])
def test_an_id_outside_the_offer_is_refused(tree, administrator, many_cells, login, foreign):
    other = make_unit("province_committee", name="Tỉnh ủy Bắc Kạn")
    ids = {"other_province_cell": make_unit("grassroots_cell", parent=other, name="Chi bộ Thôn 7").pk,
           "committee": tree.other_commune.pk, "garbage": "7; DROP TABLE"}  # fmt: skip

    response = _register(login(administrator), cell=str(ids[foreign]))

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.exists()


def test_the_search_never_offers_a_unit_outside_the_users_area(tree, commune_staff, many_cells, login):
    other = make_unit("province_committee", name="Tỉnh ủy Bắc Kạn")
    make_unit("grassroots_cell", parent=other, name="Chi bộ Giáo viên 3")

    assert _radios(_search(login(commune_staff), "cell", "cell", "giao vien")) == ["Chi bộ Giáo viên 1",
                                                                                 "Chi bộ Giáo viên 2"]  # fmt: skip


@pytest.mark.parametrize(("search", "name"), [("nothing", "cell"), ("cell", "cell\"><script>"), ("cell", "")])
def test_an_unknown_search_or_field_name_answers_404(tree, administrator, login, search, name):
    assert _search(login(administrator), search, name, "thon").status_code == 404


def test_an_administrator_places_a_unit_under_another_by_typing_its_code(tree, administrator, many_cells, client):
    client.force_login(administrator)
    form = {"change": "move", "effective_on": "01/07/2025", "decision_number": "1234-QĐ/TU",
            "decision_date": "20/06/2025", "issuing_body": "Ban Thường vụ Tỉnh ủy", "new_parent_q": "tn-thon-03",
            "into_q": ""}  # fmt: skip
    page = client.get(reverse("unit-change-new", args=[tree.grassroots.pk])).content.decode()
    assert '<select name="new_parent"' not in page and 'name="new_parent_q"' in page

    with at(D(2025, 8, 1)):
        response = client.post(reverse("unit-change-new", args=[tree.cell_a.pk]), form)

    assert response.status_code == 302
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree.cell_a.pk)) == many_cells[2]
    assert OrganisationChange.objects.get().change == "move"

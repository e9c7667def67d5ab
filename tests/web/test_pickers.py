"""The unit and mentor pickers of the candidate list: a few choices on demand, never every unit or
member in scope; plain links that apply the filter, so they work without JavaScript too."""

import datetime

import pytest
from django.urls import reverse

from partycell.organisations.models import Unit
from partycell.organisations.services import Decision, unit_rename
from partycell.web.selectors import PICK_LIMIT
from tests.factories import MembershipFactory, MentorshipFactory, make_unit
from tests.web.conftest import make_candidacy
from workflows.enums import Stage

LIST = reverse("candidacy-list")


def _pick(client, name, **params):
    return client.get(reverse("picker", args=[name]), params, headers={"HX-Request": "true", "Accept-Language": "en"})


def _labels(response):
    return [choice.label for choice in response.context["choices"]]


def test_candidate_list_offers_a_picker_not_a_drop_down_of_every_unit(tree, auditor, login):
    for number in range(40):
        make_unit("grassroots_cell", parent=tree.other_commune, name=f"Chi bộ Thôn {number}")

    html = login(auditor).get(LIST).content.decode()

    form = html.split('role="search"')[1].split("</form>")[0]
    assert form.count("<select") == 2  # the stage and the year; no unit, no member
    assert "Chi bộ Thôn 7" not in html
    assert 'name="unit_q"' in html and 'type="hidden" name="unit"' in html
    assert "Tỉnh ủy Thái Nguyên" in html  # the auditor's own top unit, to browse down from


def test_unit_picker_finds_units_by_name_without_diacritics_within_the_users_scope(tree, commune_staff, login):
    response = _pick(login(commune_staff), "unit", unit_q="chi bo giao vien")

    assert _labels(response) == ["Chi bộ Giáo viên 1", "Chi bộ Giáo viên 2"]
    assert "Chi bộ Xóm Đông" not in _labels(_pick(login(commune_staff), "unit", unit_q="chi bo"))


def test_unit_picker_never_offers_a_unit_outside_the_scope(tree, secretary, login):
    client = login(secretary)

    assert _labels(_pick(client, "unit", unit_q="chi bo")) == ["Chi bộ Giáo viên 1"]
    # Asking for the units below a foreign unit shows the secretary's own unit instead.
    assert _labels(_pick(client, "unit", unit_below=tree.other_commune.pk)) == ["Chi bộ Giáo viên 1"]


def test_unit_picker_opens_the_level_below_a_unit(tree, commune_staff, login):
    client = login(commune_staff)

    top = _pick(client, "unit")
    below = _pick(client, "unit", unit_below=tree.commune.pk)

    assert _labels(top) == ["Đảng ủy phường Phan Đình Phùng"]
    assert _labels(below) == ["Đảng ủy Trường THPT Chu Văn An", "Chi bộ Tổ dân phố 5"]
    assert f'hx-get="{reverse("picker", args=["unit"])}?unit_below={tree.grassroots.pk}"' in below.content.decode()


def test_picking_a_unit_filters_the_list_by_its_subtree_and_keeps_the_other_filters(tree, commune_staff, login):
    in_a = make_candidacy(tree.cell_a, stage=Stage.SYMPATHISER)
    make_candidacy(tree.cell_b, stage=Stage.CLASS_DONE)
    make_candidacy(tree.cell_c, stage=Stage.SYMPATHISER)
    client = login(commune_staff)

    choices = _pick(client, "unit", unit_q="truong thpt", stage=Stage.SYMPATHISER).context["choices"]
    listing = client.get(choices[0].href)

    assert choices[0].href == f"{LIST}?stage={Stage.SYMPATHISER}&unit={tree.grassroots.pk}"
    assert [c.pk for c in listing.context["page"]] == [in_a.pk]
    html = listing.content.decode()
    assert "<strong>Đảng ủy Trường THPT Chu Văn An</strong>" in html
    assert f'href="{LIST}?stage={Stage.SYMPATHISER}">' in html  # remove the unit, keep the stage


def test_unit_picker_without_javascript_shows_its_choices_on_the_list_page(tree, commune_staff, login):
    make_candidacy(tree.cell_c)
    client = login(commune_staff)

    searched = client.get(LIST, {"unit_q": "to dan pho", "stage": ""})
    browsed = client.get(LIST, {"unit_below": tree.grassroots.pk})

    assert [c.label for c in searched.context["pickers"]["unit"].choices] == ["Chi bộ Tổ dân phố 5"]
    assert f'<a href="{LIST}?unit={tree.cell_c.pk}">Chi bộ Tổ dân phố 5</a>' in searched.content.decode()
    assert [c.label for c in browsed.context["pickers"]["unit"].choices] == ["Chi bộ Giáo viên 1", "Chi bộ Giáo viên 2"]


def test_unit_picker_offers_twenty_and_asks_for_more_of_the_name(tree, auditor, login):
    for number in range(PICK_LIMIT + 5):
        make_unit("grassroots_cell", parent=tree.other_commune, name=f"Chi bộ Thôn {number:02d}")

    response = _pick(login(auditor), "unit", unit_q="thon")

    assert len(_labels(response)) == PICK_LIMIT
    assert "More match: type more of the name." in response.content.decode()


def test_unit_picker_finds_a_renamed_unit_by_its_new_name(tree, commune_staff, login):
    decision = Decision("12-QĐ/ĐU", datetime.date(2026, 1, 5), "Đảng ủy phường")
    unit_rename(unit=tree.cell_c, name="Chi bộ Khu phố Đồng Quang", decision=decision,
                effective_on=datetime.date(2026, 1, 10))  # fmt: skip

    assert _labels(_pick(login(commune_staff), "unit", unit_q="dong quang")) == ["Chi bộ Khu phố Đồng Quang"]


def test_units_created_in_bulk_get_their_search_key(tree):
    kind = tree.cell_a.kind
    Unit.objects.bulk_create(
        [Unit(path=f"{tree.cell_a.path}9999", depth=5, name="Chi bộ Ấp Đông", kind=kind, code="X1")]
    )

    assert Unit.objects.get(code="X1").search_name == "chi bo ap dong"


@pytest.mark.parametrize(
    "params",
    [{"unit_q": "\x00"}, {"unit_q": "chi\u200b bo"}, {"unit_q": "x" * 5000}, {"unit_below": "１２"},
     {"unit_below": "-1"}, {"unit_below": "9" * 40}, {"unit_below": "abc"}, {"mentor_q": "\x00"}],
)  # fmt: skip
def test_pickers_answer_hostile_input_without_an_error(tree, commune_staff, login, params):
    client = login(commune_staff)

    name = "mentor" if "mentor_q" in params else "unit"
    assert _pick(client, name, **params).status_code == 200
    assert client.get(LIST, params).status_code == 200


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 40, "0x1", "1.5"])
def test_candidate_list_refuses_a_unit_that_is_not_a_visible_id(tree, commune_staff, login, value):
    response = login(commune_staff).get(LIST, {"unit": value})

    assert response.status_code == 200
    assert "unit" in response.context["filter"].form.errors
    assert 'class="errorlist" id="id_unit_error"' in response.content.decode()


def test_mentor_picker_finds_members_in_scope_by_name_and_filters_the_list(tree, commune_staff, login):
    mentor = MembershipFactory(cell=tree.cell_a, person__full_name="Đỗ Thị Hạnh").person
    MembershipFactory(cell=tree.other_cell, person__full_name="Đỗ Thị Hằng")
    helped = make_candidacy(tree.cell_a)
    make_candidacy(tree.cell_a)
    MentorshipFactory(candidacy=helped, mentor=mentor)
    client = login(commune_staff)

    choices = _pick(client, "mentor", mentor_q="do thi h").context["choices"]
    listing = client.get(choices[0].href)

    assert [(c.label, c.detail) for c in choices] == [("Đỗ Thị Hạnh", "Chi bộ Giáo viên 1")]
    assert [c.pk for c in listing.context["page"]] == [helped.pk]
    assert "<strong>Đỗ Thị Hạnh</strong>" in listing.content.decode()


def test_mentor_picker_offers_nothing_before_a_search(tree, commune_staff, login):
    MembershipFactory(cell=tree.cell_a, person__full_name="Đỗ Thị Hạnh")

    assert _labels(_pick(login(commune_staff), "mentor")) == []
    assert "Đỗ Thị Hạnh" not in login(commune_staff).get(LIST).content.decode()


def test_unknown_picker_is_404_and_pickers_need_login(tree, commune_staff, client, login):
    assert client.get(reverse("picker", args=["unit"])).status_code == 302
    assert login(commune_staff).get(reverse("picker", args=["stage"])).status_code == 404


# --- The party member of the mentor-assign page ------------------------------------------------------


@pytest.fixture
def many_members(tree):
    """More members in the commune than a drop-down should hold."""
    members = [MembershipFactory(cell=tree.cell_c).person for _ in range(2 * PICK_LIMIT + 1)]
    chosen = MembershipFactory(cell=tree.cell_b, person__full_name="Vũ Thị Thanh Nhàn").person
    MembershipFactory(cell=tree.other_cell, person__full_name="Vũ Thị Thanh Nhã")
    return members, chosen


def test_mentor_page_searches_members_when_the_commune_holds_many(tree, commune_staff, login, many_members):
    _members, chosen = many_members
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    client = login(commune_staff)
    page = reverse("mentor-add", args=[candidacy.pk])

    empty = client.get(page, {"kind": "introducer"})
    searched = client.get(page, {"kind": "introducer", "mentor_q": "vu thi thanh nh"})
    picked = client.get(f"{page}?kind=introducer&mentor={chosen.pk}")

    assert '<select name="mentor"' not in empty.content.decode() and 'name="mentor_q"' in empty.content.decode()
    assert [(c.label, c.href) for c in searched.context["picker"].choices] == [
        ("Vũ Thị Thanh Nhàn", f"{page}?kind=introducer&mentor={chosen.pk}")
    ]
    html = picked.content.decode()
    assert "<strong>Vũ Thị Thanh Nhàn</strong>" in html
    assert f'<input type="hidden" name="mentor" value="{chosen.pk}"' in html
    assert 'value="introducer" selected' in html


def test_mentor_page_assigns_the_member_chosen_by_search(tree, commune_staff, login, many_members):
    _members, chosen = many_members
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)

    response = login(commune_staff).post(
        reverse("mentor-add", args=[candidacy.pk]),
        {"mentor": chosen.pk, "kind": "helper", "assigned_on": "05/01/2026", "reason": ""},
    )

    assert response.status_code == 302
    assert candidacy.mentorships.get().mentor == chosen


def test_mentor_page_refuses_a_member_outside_the_scope_and_says_so(tree, commune_staff, login, many_members):
    stranger = MembershipFactory(cell=tree.other_cell).person
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)

    response = login(commune_staff).post(
        reverse("mentor-add", args=[candidacy.pk]),
        {"mentor": stranger.pk, "kind": "helper", "assigned_on": "05/01/2026", "reason": ""},
    )

    assert response.status_code == 422
    assert 'id="id_mentor_error"' in response.content.decode()


def test_mentor_page_keeps_a_drop_down_for_a_few_members(tree, secretary, login):
    member = MembershipFactory(cell=tree.cell_a).person
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)

    html = login(secretary).get(reverse("mentor-add", args=[candidacy.pk])).content.decode()

    assert '<select name="mentor"' in html and f'<option value="{member.pk}">' in html
    assert 'name="mentor_q"' not in html


def test_member_search_offers_members_in_scope_never_the_candidate(tree, commune_staff, auditor, login, many_members):
    _members, chosen = many_members
    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED, full_name="Vũ Thị Thanh Nhạn")
    MembershipFactory(cell=tree.cell_a, person=candidacy.person)
    url = reverse("mentor-pick", args=[candidacy.pk])

    found = login(commune_staff).get(url, {"mentor_q": "vu thi thanh"})

    assert _labels(found) == ["Vũ Thị Thanh Nhàn"]
    assert login(auditor).get(url, {"mentor_q": "vu"}).status_code == 403


def test_unit_picker_with_the_text_cleared_offers_the_level_below_the_chosen_unit(tree, commune_staff, login):
    response = _pick(login(commune_staff), "unit", unit=tree.grassroots.pk, unit_q="")

    assert _labels(response) == ["Chi bộ Giáo viên 1", "Chi bộ Giáo viên 2"]
    assert _labels(_pick(login(commune_staff), "unit", unit=tree.other_commune.pk)) == [
        "Đảng ủy phường Phan Đình Phùng"
    ]


def test_searching_members_by_name_is_recorded_in_the_access_log(tree, commune_staff, login, many_members):
    from partycell.privacy.models import AccessLogEntry

    candidacy = make_candidacy(tree.cell_a, stage=Stage.INTRODUCED)
    client = login(commune_staff)

    _pick(client, "mentor", mentor_q="vu thi")
    client.get(reverse("mentor-pick", args=[candidacy.pk]), {"mentor_q": "nhan"})
    _pick(client, "unit", unit_q="chi bo")

    entries = AccessLogEntry.objects.filter(user=commune_staff).order_by("id")
    assert [(entry.what, entry.query) for entry in entries] == [
        ("mentor picker", "mentor_q=vu+thi"),
        ("member picker", "mentor_q=nhan"),
    ]

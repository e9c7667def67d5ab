import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from partycell.organisations.models import Unit
from partycell.targets.enums import Basis, Dimension, TargetKind
from partycell.targets.models import Period, Target
from partycell.targets.services import target_set
from tests.factories import CandidacyFactory, TargetFactory, TransitionLogFactory, make_unit
from tests.targets.conftest import add_members, admit
from workflows.enums import Stage

pytestmark = pytest.mark.usefixtures("frozen_today")
TODAY = datetime.date(2026, 7, 2)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _dashboard(client, user, unit, period, **extra):
    client.force_login(user)
    return client.get(reverse("targets:unit", args=[unit.pk]), {"period": period.pk, "kind": "admissions"}, **extra)


def test_dashboard_term_target_300_with_329_admitted_shows_109_7_percent(client, tree, term_2025_2030, auditor):
    TargetFactory(unit=tree.commune, period=term_2025_2030, number=300)
    admit(tree.cell_c, on=datetime.date(2026, 5, 4), count=329)

    english = _dashboard(client, auditor, tree.commune, term_2025_2030, **EN).content.decode()
    vietnamese = _dashboard(client, auditor, tree.commune, term_2025_2030).content.decode()

    assert "109.7%" in english
    assert "109,7%" in vietnamese


def test_dashboard_yearly_target_4_with_8_admitted_shows_200_percent(client, tree, year_2026, auditor):
    TargetFactory(unit=tree.cell_c, period=year_2026, number=4)
    admit(tree.cell_c, on=datetime.date(2026, 2, 10), count=8)

    page = _dashboard(client, auditor, tree.commune, year_2026, **EN).content.decode()

    assert '<td class="num" data-label="Percent">200%</td>' in page


def test_dashboard_percent_target_shows_the_rounding(client, tree, year_2026, commune_staff):
    add_members(tree.cell_a, 1500)
    add_members(tree.cell_c, 1200)
    target_set(unit=tree.commune, period=year_2026, kind=TargetKind.ADMISSIONS, dimension=Dimension.TOTAL,
               basis=Basis.PERCENT, percent=Decimal("3.5"), reference_date=datetime.date(2025, 12, 31),
               actor=commune_staff)  # fmt: skip

    page = _dashboard(client, commune_staff, tree.commune, year_2026, **EN).content.decode()

    assert "3.5% of 2,700 members on 31/12/2025 = 94.5, rounded to 95" in page
    assert "rounded half up to a whole person" in page


def test_dashboard_rolls_up_children_and_flags_pace_and_overdue(client, tree, year_2026, commune_staff):
    TargetFactory(unit=tree.commune, period=year_2026, number=20)
    TargetFactory(unit=tree.grassroots, period=year_2026, number=12)
    TargetFactory(unit=tree.cell_c, period=year_2026, number=4)
    admit(tree.cell_a, on=datetime.date(2026, 2, 1), count=2)
    admit(tree.cell_b, on=datetime.date(2026, 3, 1), count=1)
    admit(tree.cell_c, on=datetime.date(2026, 3, 1), count=3)
    CandidacyFactory(cell=tree.cell_b, stage=Stage.CELL_APPROVED, stage_due_on=datetime.date(2026, 6, 1))

    response = _dashboard(client, commune_staff, tree.commune, year_2026, **EN)

    rows = _rows(response.content.decode())
    assert rows == [
        ["Đảng ủy Trường THPT Chu Văn An", "12", "3", "25%", "Behind pace (expected 6)", "1"],
        ["Chi bộ Tổ dân phố 5", "4", "3", "75%", "On pace", "0"],
    ]
    assert "The child units' targets add up to 16, not 20 (difference 4)." in response.content.decode()


def _rows(html: str) -> list[list[str]]:
    """The cells of the child-units table, as text."""
    import re

    table = html.split('id="children-heading"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    return [[re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in rows]  # fmt: skip


def test_dashboard_cell_lists_its_candidates_with_overdue_badge(client, tree, year_2026, secretary):
    CandidacyFactory(cell=tree.cell_a, stage=Stage.FILE_OPEN, person__full_name="Trần Thị Bình",
                     stage_due_on=datetime.date(2026, 6, 30))  # fmt: skip

    page = _dashboard(client, secretary, tree.cell_a, year_2026, **EN).content.decode()

    assert "Trần Thị Bình" in page
    assert '30/06/2026 <span class="badge overdue">Overdue</span>' in page


def test_dashboard_shows_funnel_and_median_days_as_svg(client, tree, year_2026, auditor):
    for days in (10, 20, 40):
        candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CLASS_DONE)
        TransitionLogFactory(candidacy=candidacy, to_stage=Stage.SYMPATHISER, event_date=datetime.date(2026, 1, 1))
        TransitionLogFactory(candidacy=candidacy, to_stage=Stage.CLASS_DONE,
                             event_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=days))  # fmt: skip

    page = _dashboard(client, auditor, tree.province, year_2026, **EN).content.decode()

    assert '<svg class="chart"' in page and "<script" not in page.split("<main")[1]
    durations = page.split('id="durations-heading"')[1].split("</table>")[0]
    assert "Awareness class completed" not in durations  # still open
    assert ('<td>On the sympathiser list</td><td class="num" data-label="Median days">20</td>'
            '<td class="num" data-label="Stays counted">3</td>') in durations
    funnel = page.split('id="funnel-heading"')[1].split("</svg>")[0]
    assert "Awareness class completed</text>" in funnel


def _tree_with_children(count: int) -> Unit:
    root = make_unit("commune_committee", name="Đảng ủy xã Thử")
    for i in range(count):
        cell = make_unit("grassroots_cell", parent=root, name=f"Chi bộ {i}")
        admit(cell, on=datetime.date(2026, 2, 1), count=2)
        CandidacyFactory(cell=cell, stage=Stage.VERIFIED, stage_due_on=datetime.date(2026, 1, 1))
    return Unit.objects.get(pk=root.pk)


@pytest.mark.parametrize("children", [1, 3])
def test_dashboard_runs_a_fixed_number_of_queries(client, year_2026, auditor, children, django_assert_num_queries):
    root = _tree_with_children(children)
    TargetFactory(unit=root, period=year_2026, number=10)
    client.force_login(auditor)
    auditor.role_assignments.update(unit=root)

    with django_assert_num_queries(11):
        response = client.get(reverse("targets:unit", args=[root.pk]), {"period": year_2026.pk})

    assert response.context["dashboard"].report.own.total.achieved == 2 * children


@pytest.mark.parametrize("name", ["targets:unit", "targets:unit-print", "targets:unit-export", "targets:compliance"])
def test_dashboard_foreign_unit_is_404(client, tree, year_2026, commune_staff, outsider, name):
    client.force_login(commune_staff)
    assert client.get(reverse(name, args=[tree.other_commune.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse(name, args=[tree.cell_a.pk])).status_code == 404


def test_target_pages_for_a_foreign_target_are_404(client, tree, year_2026, commune_staff):
    target = TargetFactory(unit=tree.other_cell, period=year_2026)
    client.force_login(commune_staff)

    for name in ("targets:target-edit", "targets:target-history", "targets:target-allocate"):
        assert client.get(reverse(name, args=[target.pk])).status_code == 404


def test_auditor_reads_but_cannot_set_targets(client, tree, year_2026, auditor):
    client.force_login(auditor)
    data = {"unit": tree.cell_a.pk, "period": year_2026.pk, "kind": "admissions", "dimension": "total",
            "basis": "absolute", "number": "5"}  # fmt: skip

    page = _dashboard(client, auditor, tree.province, year_2026, **EN)
    response = client.post(reverse("targets:target-new"), data, **EN)

    assert page.status_code == 200 and "Set a target" not in page.content.decode()
    assert response.status_code == 403
    assert "only committee roles may set them" in response.content.decode()
    assert Target.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "-3"}, "A target cannot be negative."),
        ({"number": "abc"}, "Enter a whole number."),
        ({"basis": "percent", "percent": "120", "reference_date": "31/12/2025"}, "A percentage cannot be over 100."),
        ({"basis": "percent", "percent": "ba", "reference_date": "31/12/2025"}, "Enter a number, e.g. 3.5."),
        ({"basis": "percent", "percent": "3,5"}, "Enter the date members are counted on."),
        ({"unit": "OTHER"}, "You may not set targets for this party organisation: it is outside your scope."),
    ],
)
def test_target_new_bad_input_shows_error_and_saves_nothing(client, tree, year_2026, commune_staff, changes, message):
    client.force_login(commune_staff)
    data = {"unit": tree.cell_a.pk, "period": year_2026.pk, "kind": "admissions", "dimension": "total",
            "basis": "absolute", "number": "5"} | changes  # fmt: skip
    if data["unit"] == "OTHER":
        data["unit"] = tree.other_cell.pk

    response = client.post(reverse("targets:target-new"), data, **EN)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Target.objects.count() == 0


def test_target_new_percent_with_comma_is_saved_and_redirects(client, tree, year_2026, commune_staff):
    add_members(tree.cell_c, 200)
    client.force_login(commune_staff)
    data = {"unit": tree.cell_c.pk, "period": year_2026.pk, "kind": "admissions", "dimension": "women",
            "basis": "percent", "percent": "3,5", "reference_date": "31/12/2025"}  # fmt: skip

    response = client.post(reverse("targets:target-new"), data, follow=True, **EN)

    assert "Target saved: 7 people." in response.content.decode()
    assert Target.objects.get().amount == 7


def test_target_edit_without_reason_is_refused(client, tree, year_2026, commune_staff):
    target = TargetFactory(unit=tree.cell_c, period=year_2026, number=4)
    client.force_login(commune_staff)

    response = client.post(reverse("targets:target-edit", args=[target.pk]), {"basis": "absolute", "number": "9"}, **EN)

    assert "Give a reason for changing the target." in response.content.decode()
    target.refresh_from_db()
    assert target.amount == 4


def test_target_edit_with_reason_shows_in_history(client, tree, year_2026, commune_staff):
    target = target_set(unit=tree.cell_c, period=year_2026, kind="admissions", dimension="total", basis="absolute",
                        number=4, actor=commune_staff)  # fmt: skip
    client.force_login(commune_staff)

    client.post(reverse("targets:target-edit", args=[target.pk]),
                {"basis": "absolute", "number": "9", "reason": "Nghị quyết bổ sung"}, **EN)  # fmt: skip
    history = client.get(reverse("targets:target-history", args=[target.pk]), **EN).content.decode()

    assert "Nghị quyết bổ sung" in history
    assert '<td class="num">4</td><td class="num">9</td>' in history


def test_period_new_ending_before_start_shows_error(client, commune_staff):
    client.force_login(commune_staff)

    response = client.post(reverse("targets:period-new"),
                           {"kind": "term", "starts_on": "01/10/2030", "ends_on": "30/09/2025"}, **EN)  # fmt: skip

    assert "The period cannot end before it starts." in response.content.decode()
    assert Period.objects.count() == 0


def test_allocate_page_proposes_proportional_split_that_adds_up(client, tree, year_2026, commune_staff):
    add_members(tree.cell_a, 30)
    add_members(tree.cell_b, 30)
    add_members(tree.cell_c, 40)
    target = TargetFactory(unit=tree.commune, period=year_2026, number=10)
    client.force_login(commune_staff)

    form = client.get(reverse("targets:target-allocate", args=[target.pk])).context["form"]
    proposal = {field.label: field.initial for field in form.unit_fields()}
    response = client.post(
        reverse("targets:target-allocate", args=[target.pk]),
        {f"unit_{tree.grassroots.pk}": 6, f"unit_{tree.cell_c.pk}": 4, "reason": "Kế hoạch 2026"},
    )

    assert proposal == {"Đảng ủy Trường THPT Chu Văn An": 6, "Chi bộ Tổ dân phố 5": 4}
    assert response.status_code == 302
    assert dict(Target.objects.filter(unit__in=[tree.grassroots, tree.cell_c]).values_list("unit__name", "amount")) == {
        "Đảng ủy Trường THPT Chu Văn An": 6,
        "Chi bộ Tổ dân phố 5": 4,
    }


def test_export_xlsx_holds_the_dashboard_figures(client, tree, year_2026, auditor):
    TargetFactory(unit=tree.commune, period=year_2026, number=8)
    admit(tree.cell_c, on=datetime.date(2026, 3, 1), count=2)
    client.force_login(auditor)

    response = client.get(reverse("targets:unit-export", args=[tree.province.pk]), {"period": year_2026.pk}, **EN)

    sheet = load_workbook(io.BytesIO(response.content))["Units"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[2][:7] == ("Party organisation", "Target", "Achieved", "Percent of target", "Expected by today",
                           "Behind pace", "Overdue steps")  # fmt: skip
    assert rows[4][:7] == ("Đảng ủy phường Phan Đình Phùng", 8, 2, 0.25, 4, "yes", 0)  # 25% as a percentage


@pytest.mark.parametrize(
    ("kind", "filename"), [("admissions", "chi-tieu-ket-nap-{code}-2026-07-02.xlsx"),
                           ("recognitions", "chi-tieu-cong-nhan-{code}-2026-07-02.xlsx")],
)  # fmt: skip
def test_export_is_named_in_vietnamese_with_its_date(client, tree, year_2026, auditor, kind, filename):
    client.force_login(auditor)
    url = reverse("targets:unit-export", args=[tree.commune.pk])

    response = client.get(url, {"period": year_2026.pk, "kind": kind})

    expected = filename.format(code=tree.commune.code.lower())
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_dashboard_shows_the_units_code(client, tree, year_2026, auditor):
    html = _dashboard(client, auditor, tree.cell_a, year_2026, **EN).content.decode()

    assert f"Code: <code>{tree.cell_a.code}</code>" in html


def test_print_page_has_print_css_and_no_controls(client, tree, year_2026, auditor):
    client.force_login(auditor)

    page = client.get(reverse("targets:unit-print", args=[tree.province.pk]), {"period": year_2026.pk}, **EN)

    html = page.content.decode()
    assert "targets/targets.css" in html
    assert 'class="filters"' not in html and "Export to Excel" not in html


def test_dashboard_links_each_unit_it_names_and_their_overdue_cases(client, tree, year_2026, auditor):
    TargetFactory(unit=tree.commune, period=year_2026, number=20)
    TargetFactory(unit=tree.grassroots, period=year_2026, number=12)
    late = CandidacyFactory(cell=tree.cell_b, stage=Stage.CELL_APPROVED, stage_due_on=datetime.date(2026, 6, 1))
    CandidacyFactory(cell=tree.cell_c, stage=Stage.FILE_OPEN, stage_due_on=datetime.date(2026, 9, 1))

    html = _dashboard(client, auditor, tree.commune, year_2026, **EN).content.decode()
    overdue = client.get(reverse("candidacy-list"), {"unit": tree.grassroots.pk, "overdue": "on"})
    in_stage = client.get(reverse("candidacy-list"), {"unit": tree.commune.pk, "stage": Stage.CELL_APPROVED})

    query = f"?period={year_2026.pk}&amp;kind=admissions"
    for unit in (tree.grassroots, tree.cell_c):  # the table and the chart
        url = reverse("targets:unit", args=[unit.pk]) + query
        assert f'<a href="{url}">{unit.name}</a>' in html
        assert f'<a href="{url}"><text x="0"' in html
    # Cell C has no target: the warning names it, with its link.
    assert f'Child units without a target: <a href="{reverse("targets:unit", args=[tree.cell_c.pk])}{query}">' in html
    assert f'href="{reverse("candidacy-list")}?unit={tree.grassroots.pk}&amp;overdue=on">1</a>' in html
    assert f'href="{reverse("candidacy-list")}?unit={tree.commune.pk}&amp;stage=cell_approved"><text' in html
    assert [candidacy.pk for candidacy in overdue.context["page"]] == [late.pk]
    assert [candidacy.pk for candidacy in in_stage.context["page"]] == [late.pk]


def test_dashboard_cell_links_each_candidate_to_their_page(client, tree, year_2026, auditor):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.FILE_OPEN, person__full_name="Trần Thị Bình")

    html = _dashboard(client, auditor, tree.cell_a, year_2026).content.decode()

    url = reverse("candidacy-detail", args=[candidacy.pk])
    assert f'<a href="{url}">Trần Thị Bình</a>' in html
    assert client.get(url).status_code == 200


def test_print_page_names_units_and_cases_without_links(client, tree, year_2026, auditor):
    TargetFactory(unit=tree.commune, period=year_2026, number=20)
    CandidacyFactory(cell=tree.cell_b, stage=Stage.CELL_APPROVED, stage_due_on=datetime.date(2026, 6, 1))
    client.force_login(auditor)

    html = client.get(reverse("targets:unit-print", args=[tree.commune.pk]), {"period": year_2026.pk}).content.decode()

    body = html.split('id="own-heading"')[1]
    assert "Chi bộ Tổ dân phố 5" in body and "<a " not in body


def test_period_new_never_redirects_to_another_site(client, commune_staff):
    client.force_login(commune_staff)

    response = client.post(reverse("targets:period-new") + "?next=https://evil.example/",
                           {"kind": "year", "starts_on": "01/01/2031", "ends_on": "31/12/2031"}, **EN)  # fmt: skip

    assert response.status_code == 302
    assert response.url == reverse("targets:home")
    assert Period.objects.filter(starts_on__year=2031).count() == 1

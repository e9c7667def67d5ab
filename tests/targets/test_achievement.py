import datetime
from decimal import Decimal

from partycell.people.choices import Religion, Sector, Sex
from partycell.targets.enums import Dimension, TargetKind
from partycell.targets.selectors.achievement import unit_achievements
from tests.factories import CandidacyFactory, TargetFactory, TransitionLogFactory
from tests.targets.conftest import admit
from workflows.enums import Stage

MID_2026 = datetime.date(2026, 7, 2)  # 183 of 365 days gone


def test_achievement_term_target_300_with_329_admitted_is_109_7_percent(tree, term_2025_2030):
    TargetFactory(unit=tree.commune, period=term_2025_2030, number=300)
    admit(tree.cell_c, on=datetime.date(2026, 5, 4), count=329)

    report = unit_achievements(unit=tree.commune, period=term_2025_2030, kind=TargetKind.ADMISSIONS, today=MID_2026)

    assert (report.own.total.target, report.own.total.achieved) == (300, 329)
    assert report.own.total.percent == Decimal("109.7")


def test_achievement_yearly_target_4_with_8_admitted_is_200_percent_and_not_capped(tree, year_2026):
    TargetFactory(unit=tree.cell_c, period=year_2026, number=4)
    admit(tree.cell_c, on=datetime.date(2026, 2, 10), count=8)

    report = unit_achievements(unit=tree.cell_c, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    assert report.own.total.achieved == 8
    assert report.own.total.percent == Decimal("200.0")
    assert report.children == []


def test_achievement_rolls_up_the_tree_by_child(tree, year_2026):
    admit(tree.cell_a, on=datetime.date(2026, 1, 5), count=2)
    admit(tree.cell_b, on=datetime.date(2026, 3, 5), count=3)
    admit(tree.cell_c, on=datetime.date(2026, 4, 5), count=1)
    admit(tree.other_cell, on=datetime.date(2026, 4, 5), count=4)

    commune = unit_achievements(unit=tree.commune, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)
    province = unit_achievements(unit=tree.province, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    assert {c.unit.name: c.total.achieved for c in commune.children} == {
        "Đảng ủy Trường THPT Chu Văn An": 5,
        "Chi bộ Tổ dân phố 5": 1,
    }
    assert commune.own.total.achieved == 6
    assert {c.unit.name: c.total.achieved for c in province.children} == {
        "Đảng ủy phường Phan Đình Phùng": 6,
        "Đảng ủy xã Đại Phúc": 4,
    }
    assert province.own.total.achieved == 10


def test_achievement_counts_only_decisions_inside_the_period(tree, year_2026):
    admit(tree.cell_a, on=datetime.date(2025, 12, 31))
    admit(tree.cell_a, on=datetime.date(2026, 1, 1))
    admit(tree.cell_a, on=datetime.date(2026, 12, 31))
    admit(tree.cell_a, on=datetime.date(2027, 1, 1))

    report = unit_achievements(unit=tree.cell_a, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    assert report.own.total.achieved == 2


def test_achievement_ignores_annulled_admissions_and_other_stages(tree, year_2026):
    admit(tree.cell_a, on=datetime.date(2026, 2, 1), stage=Stage.ANNULLED)
    admit(tree.cell_a, on=datetime.date(2026, 2, 1))
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CELL_APPROVED)
    TransitionLogFactory(candidacy=candidacy, to_stage=Stage.CELL_APPROVED, event_date=datetime.date(2026, 2, 1))

    report = unit_achievements(unit=tree.cell_a, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    assert report.own.total.achieved == 1


def test_achievement_recognitions_count_official_rows(tree, year_2026):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.OFFICIAL)
    TransitionLogFactory(candidacy=candidacy, to_stage=Stage.OFFICIAL, event_date=datetime.date(2026, 6, 1))
    admit(tree.cell_a, on=datetime.date(2026, 2, 1))

    report = unit_achievements(unit=tree.cell_a, period=year_2026, kind=TargetKind.RECOGNITIONS, today=MID_2026)

    assert report.own.total.achieved == 1


def test_achievement_every_dimension_is_counted(tree, year_2026):
    decided = datetime.date(2026, 3, 10)
    admit(tree.cell_c, on=decided, sex=Sex.FEMALE, ethnic_group="02", is_youth_union_member=True)
    admit(tree.cell_a, on=decided, religion=Religion.CATHOLICISM, sector=Sector.FDI_ENTERPRISE)
    admit(tree.cell_a, on=decided, occupation="student", is_militia_or_reserve=True)
    admit(tree.cell_a, on=decided, date_of_birth=datetime.date(2008, 3, 10))  # 18 on the decision date
    admit(tree.cell_a, on=decided, date_of_birth=datetime.date(2008, 3, 11))  # 17
    admit(tree.cell_a, on=decided, date_of_birth=datetime.date(1995, 3, 11))  # 30
    admit(tree.cell_a, on=decided, date_of_birth=datetime.date(1995, 3, 10))  # 31

    report = unit_achievements(unit=tree.commune, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    figures = {key: figure.achieved for key, figure in report.own.figures.items()}
    assert figures == {
        Dimension.TOTAL: 7,
        Dimension.WOMEN: 1,
        Dimension.ETHNIC_MINORITY: 1,
        Dimension.YOUTH_UNION: 1,
        # The default factory person (born 17/05/1998) is 27; with the 18 and 30 year olds: 5.
        Dimension.AGE_18_30: 5,
        Dimension.RELIGIOUS: 1,
        Dimension.PRIVATE_FDI: 1,
        Dimension.STUDENT: 1,
        Dimension.MILITIA_RESERVE: 1,
        Dimension.RESIDENTIAL_CELL: 1,
    }


def test_achievement_sub_target_shows_its_own_percent(tree, year_2026):
    TargetFactory(unit=tree.cell_a, period=year_2026, dimension=Dimension.WOMEN, number=2)
    admit(tree.cell_a, on=datetime.date(2026, 3, 1), sex=Sex.FEMALE)

    report = unit_achievements(unit=tree.cell_a, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    women = report.own.figures[Dimension.WOMEN]
    assert (women.target, women.achieved, women.percent) == (2, 1, Decimal("50.0"))


def test_achievement_behind_pace_when_below_the_linear_expectation(tree, year_2026):
    TargetFactory(unit=tree.cell_a, period=year_2026, number=10)
    TargetFactory(unit=tree.cell_b, period=year_2026, number=10)
    admit(tree.cell_a, on=datetime.date(2026, 2, 1), count=4)
    admit(tree.cell_b, on=datetime.date(2026, 2, 1), count=5)

    report = unit_achievements(unit=tree.grassroots, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    pace = {c.unit.name: (c.total.expected, c.total.behind_pace) for c in report.children}
    assert pace == {"Chi bộ Giáo viên 1": (5, True), "Chi bộ Giáo viên 2": (5, False)}


def test_achievement_shows_where_children_do_not_add_up(tree, year_2026):
    TargetFactory(unit=tree.grassroots, period=year_2026, number=12)
    TargetFactory(unit=tree.cell_a, period=year_2026, number=5)
    TargetFactory(unit=tree.cell_b, period=year_2026, number=4)

    report = unit_achievements(unit=tree.grassroots, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

    assert (report.children_target_sum, report.allocation_gap) == (9, 3)


def test_achievement_runs_three_queries_whatever_the_tree(tree, year_2026, django_assert_num_queries):
    admit(tree.cell_a, on=datetime.date(2026, 2, 1), count=3)
    admit(tree.other_cell, on=datetime.date(2026, 2, 1), count=3)

    with django_assert_num_queries(3):
        unit_achievements(unit=tree.province, period=year_2026, kind=TargetKind.ADMISSIONS, today=MID_2026)

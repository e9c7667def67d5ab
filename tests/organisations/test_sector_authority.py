"""Units of the army and public security follow the authority rule configured for their sector, as
data in force on the date (issue 12, item 5; domain.md 3.3 "Army / Public Security: per Politburo
rules"), never the civilian path and never a level named in code."""

import datetime

import pytest

from partycell.organisations.authority import DecidingBody, NoCompetentCommittee, review_path_for
from partycell.organisations.models import SpecialSector
from tests.factories import SectorAuthorityRuleFactory, UnitKindFactory, make_unit

D = datetime.date


@pytest.fixture
def army(db):
    """Division (flagged upper-grassroots) > regiment (a kind of its own) > battalion > company cell."""
    division_kind = UnitKindFactory(code="division", is_cell=False, is_upper_grassroots=True)
    regiment_kind = UnitKindFactory(code="regiment", is_cell=False)
    division = make_unit("division", kind=division_kind, name="Sư đoàn 3", special_sector=SpecialSector.ARMY)
    regiment = make_unit("regiment", parent=division, kind=regiment_kind, name="Trung đoàn 2")
    battalion = make_unit("grassroots_committee", parent=regiment, name="Tiểu đoàn 1")
    cell = make_unit("subordinate_cell", parent=battalion, name="Đại đội 1")
    return type("Army", (), dict(division_kind=division_kind, regiment_kind=regiment_kind, division=division,
                                 regiment=regiment, battalion=battalion, cell=cell))  # fmt: skip


@pytest.mark.parametrize(("rules", "on", "competent", "body"), [
    # (kind named by each rule, valid_from, valid_to, deciding body) ...
    ([("regiment", D(2011, 1, 1), None, "standing_committee")], D(2013, 5, 2), "regiment", "standing_committee"),
    ([("regiment", D(2011, 1, 1), D(2025, 6, 30), "standing_committee"),
      ("division", D(2025, 7, 1), None, "standing_body")], D(2025, 6, 30), "regiment", "standing_committee"),
    ([("regiment", D(2011, 1, 1), D(2025, 6, 30), "standing_committee"),
      ("division", D(2025, 7, 1), None, "standing_body")], D(2025, 7, 1), "division", "standing_body"),
    ([("battalion", D(2011, 1, 1), None, "collective_committee")], D(2020, 1, 1), "battalion", "collective_committee"),
])  # fmt: skip
def test_the_sector_rule_in_force_on_the_date_names_the_deciding_committee(army, rules, on, competent, body):
    kinds = {"regiment": army.regiment_kind, "division": army.division_kind, "battalion": army.battalion.kind}
    for kind, valid_from, valid_to, deciding_body in rules:
        SectorAuthorityRuleFactory(deciding_kind=kinds[kind], valid_from=valid_from, valid_to=valid_to,
                                   deciding_body=deciding_body)  # fmt: skip

    path = review_path_for(army.cell, on=on)

    assert path.competent_committee == getattr(army, competent)
    assert path.deciding_body == body
    assert path.grassroots_committee == army.battalion


@pytest.mark.parametrize("on", [D(2010, 12, 31), D(2026, 1, 1)])
def test_a_sector_cell_with_no_rule_in_force_has_no_competent_committee_not_the_civilian_one(army, on):
    SectorAuthorityRuleFactory(deciding_kind=army.regiment_kind, valid_from=D(2011, 1, 1), valid_to=D(2025, 12, 31))

    with pytest.raises(NoCompetentCommittee):
        review_path_for(army.cell, on=on)


def test_a_rule_of_another_sector_does_not_apply(army):
    SectorAuthorityRuleFactory(sector=SpecialSector.PUBLIC_SECURITY, deciding_kind=army.regiment_kind)

    with pytest.raises(NoCompetentCommittee):
        review_path_for(army.cell, on=D(2025, 1, 1))


def test_a_civilian_cell_keeps_the_civilian_path_whatever_the_sector_rules(army, tree):
    SectorAuthorityRuleFactory(deciding_kind=army.regiment_kind)

    path = review_path_for(tree.cell_a, on=D(2026, 1, 1))

    assert path.competent_committee == tree.commune
    assert path.deciding_body == DecidingBody.STANDING_COMMITTEE


def test_the_sector_is_inherited_from_the_unit_above(army):
    SectorAuthorityRuleFactory(deciding_kind=army.regiment_kind)

    assert army.cell.special_sector == ""
    assert review_path_for(army.cell, on=D(2025, 1, 1)).competent_committee == army.regiment

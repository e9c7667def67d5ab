"""A walk of each organisation path with a merger in the middle (issue 12, item 5, "Done when").

Each walk takes one person from the list of sympathisers to official membership through the services
(``tests.walk.HAPPY_PATH``, a year earlier: admission decided in April 2025, recognition in June
2026). On 1 July 2025, in the middle of probation, the tree is reorganised through the organisation
services, each change with its decision. The steps before the reform are taken by the committees of
the old tree, those after it by the new ones, each actor holding a role at that committee only, so
the gate itself proves which committee was competent on each date. The audit trail keeps the
deciding unit of every decision: the district committee for the admission, the new commune for the
recognition.
"""

import dataclasses
import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest

from partycell.accounts.models import User
from partycell.organisations import history
from partycell.organisations.authority import DecidingBody
from partycell.organisations.models import AuthorityGrant, SpecialSector, Unit
from partycell.organisations.services import Decision, unit_create, unit_dissolve, unit_merge, unit_move
from partycell.targets.enums import TargetKind
from partycell.targets.selectors.achievement import unit_achievements
from tests.factories import (
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    Role,
    SectorAuthorityRuleFactory,
    UnitKindFactory,
    UserFactory,
    assign_role,
    make_grant,
    make_unit,
    unit_kind,
)
from tests.walk import HAPPY_PATH, Step, at
from workflows import services
from workflows.models import Candidacy, TransitionLog

D = datetime.date
SHIFT = datetime.timedelta(days=364)  # 52 weeks: every step on the same weekday, a year earlier
REFORM = D(2025, 7, 1)
DECIDED = Decision("1234-QĐ/TU", D(2025, 6, 20), "Ban Thường vụ Tỉnh ủy Thái Nguyên")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _earlier(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value - SHIFT
    if isinstance(value, str) and _ISO.match(value):
        return (D.fromisoformat(value) - SHIFT).isoformat()
    if isinstance(value, dict):
        return {key: _earlier(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_earlier(item) for item in value]
    return value


STEPS = [Step(step.name, step.by, step.on - SHIFT, _earlier(step.evidence)) for step in HAPPY_PATH]
PARTIAL_APPRAISAL = Step("partial_appraise", "partial", D(2025, 3, 11),
                         {"report_number": "07-BC/ĐUBP", "report_date": "2025-03-11"})  # fmt: skip


@dataclasses.dataclass
class Era:
    """Who reviews and who decides in one era of the tree: the units the walk expects."""

    partial: Unit | None
    grassroots: Unit | None
    competent: Unit
    deciding_body: str = DecidingBody.STANDING_COMMITTEE


@dataclasses.dataclass
class Scenario:
    cell: Unit
    before: Era
    after: Era
    reform: Callable[[], Unit]  # reorganises the tree on 1 July 2025; returns today's commune (the roll-up)
    units: dict[str, Unit]


def _user(role: str, unit: Unit, name: str) -> User:
    """A user holding ``role`` at ``unit`` only (the same user when asked again)."""
    user = UserFactory(username=name)
    if not user.role_assignments.filter(role=role, unit=unit).exists():
        assign_role(user, role, unit)
    return user


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # role units may have moved: never a cached assignment


def _walk(scenario: Scenario) -> Candidacy:
    cell = scenario.cell
    roll = [MembershipFactory(cell=cell) for _ in range(7)]
    secretary = _user(Role.CELL_SECRETARY, cell, "bithu")
    with at(D(2024, 9, 2)):
        candidacy = services.candidacy_create(actor=secretary, person=PersonFactory(unit=cell), cell=cell)

    reformed = False
    for step in STEPS:
        if not reformed and step.on >= REFORM:
            with at(REFORM):
                scenario.reform()
            reformed = True
        era = scenario.after if reformed else scenario.before
        if step.name == "grassroots_vote" and era.partial is not None:
            _take(PARTIAL_APPRAISAL, candidacy, _user(Role.GRASSROOTS_STAFF, era.partial, "bo_phan"), roll)
        if step.name in ("grassroots_vote", "recognition_review") and (
            era.grassroots is None or era.grassroots == era.competent
        ):
            if era.grassroots is not None:
                # A grassroots committee that decides itself records its own vote first (A10b, 3.3).
                own = "delegated_admission_vote" if step.name == "grassroots_vote" else "delegated_recognition_vote"
                collective = era.deciding_body == DecidingBody.COLLECTIVE_COMMITTEE
                role = Role.GRASSROOTS_STAFF if collective else Role.COMMUNE_STANDING
                voter = _user(role, era.competent, f"quyet_dinh_{era.competent.pk}")
                _take(dataclasses.replace(step, name=own), candidacy, voter, roll)
            continue  # a grassroots cell, or a grassroots committee that decides itself: no review
        if step.by == "cell" or (step.by == "grassroots" and era.grassroots is None):
            actor = secretary
        elif step.by == "grassroots":
            actor = _user(Role.GRASSROOTS_STAFF, era.grassroots, f"co_so_{era.grassroots.pk}")
        else:
            collective = era.deciding_body == DecidingBody.COLLECTIVE_COMMITTEE
            role = Role.GRASSROOTS_STAFF if collective else Role.COMMUNE_STANDING
            actor = _user(role, era.competent, f"quyet_dinh_{era.competent.pk}")
        _take(step, candidacy, actor, roll)
    candidacy.refresh_from_db()
    return candidacy


def _take(step: Step, candidacy: Candidacy, actor: User, roll: list) -> None:
    actor = _fresh(actor)
    with at(step.on):
        candidacy.refresh_from_db()
        if step.name == "mentor_assign":
            for member in roll[:2]:
                services.mentor_assign(actor=actor, candidacy=candidacy, mentor=member.person, **step.evidence)
        elif step.name == "probation_helper_assign":
            services.mentor_assign(actor=actor, candidacy=candidacy, mentor=roll[0].person, **step.evidence)
        elif step.name == "document_add":
            for document in step.evidence["documents"]:
                services.document_add(actor=actor, candidacy=candidacy, **document)
        else:
            services.candidacy_perform(actor=actor, candidacy=candidacy, action=step.name, data=step.evidence)


# --- The organisation paths ---------------------------------------------------------------------------


def _old_district():
    province = make_unit("province_committee", name="Tỉnh ủy Thái Nguyên")
    district = make_unit("district_committee", parent=province, name="Huyện ủy Đại Từ")
    return province, district


def _new_commune(province: Unit) -> Unit:
    return unit_create(parent=province, kind=unit_kind("commune_committee"), name="Đảng ủy xã Đại Từ",
                       code="XA-DAI-TU", decision=DECIDED, effective_on=REFORM)  # fmt: skip


def partial_committee_path() -> Scenario:
    """Cell > partial committee > grassroots committee > district; the grassroots committee merges
    into a neighbour that moves under the new commune."""
    province, district = _old_district()
    grassroots = make_unit("grassroots_committee", parent=district, name="Đảng ủy Công ty Chè Hà Thái")
    neighbour = make_unit("grassroots_committee", parent=district, name="Đảng ủy Công ty Chè Đại Từ")
    partial = make_unit("partial_committee", parent=grassroots, name="Đảng ủy bộ phận Nhà máy 1")
    cell = make_unit("subordinate_cell", parent=partial, name="Chi bộ Phân xưởng chế biến")
    units = {"district": district}

    def reform() -> Unit:
        units["commune"] = commune = _new_commune(province)
        unit_move(unit=neighbour, new_parent=commune, decision=DECIDED, effective_on=REFORM)
        unit_merge(unit=grassroots, into=neighbour, decision=DECIDED, effective_on=REFORM)
        unit_dissolve(unit=district, decision=DECIDED, effective_on=REFORM)
        return commune

    return Scenario(cell, Era(partial, grassroots, district), _LateEra(partial, neighbour, units), reform, units)


def grassroots_committee_path() -> Scenario:
    """Cell directly under a grassroots committee, which merges into a neighbour under the new commune."""
    province, district = _old_district()
    grassroots = make_unit("grassroots_committee", parent=district, name="Đảng ủy Trường THPT Đại Từ")
    neighbour = make_unit("grassroots_committee", parent=district, name="Đảng ủy Trường THPT Núi Hồng")
    cell = make_unit("subordinate_cell", parent=grassroots, name="Chi bộ Giáo viên")
    units = {"district": district}

    def reform() -> Unit:
        units["commune"] = commune = _new_commune(province)
        unit_move(unit=neighbour, new_parent=commune, decision=DECIDED, effective_on=REFORM)
        unit_merge(unit=grassroots, into=neighbour, decision=DECIDED, effective_on=REFORM)
        unit_dissolve(unit=district, decision=DECIDED, effective_on=REFORM)
        return commune

    return Scenario(cell, Era(None, grassroots, district), _LateEra(None, neighbour, units), reform, units)


def village_cell_path() -> Scenario:
    """A village cell of an old commune (a grassroots committee under the district); the old communes
    merge into the new commune committee and the village cell becomes a grassroots cell under it."""
    province, district = _old_district()
    old_commune = make_unit("grassroots_committee", parent=district, name="Đảng ủy xã Hùng Sơn")
    other_commune = make_unit("grassroots_committee", parent=district, name="Đảng ủy xã Tân Thái")
    cell = make_unit("subordinate_cell", parent=old_commune, name="Chi bộ xóm Đồng Tâm", is_residential=True)
    units = {"district": district}

    def reform() -> Unit:
        units["commune"] = commune = _new_commune(province)
        unit_move(unit=cell, new_parent=commune, kind=unit_kind("grassroots_cell"), decision=DECIDED,
                  effective_on=REFORM)  # fmt: skip
        unit_merge(unit=old_commune, into=commune, decision=DECIDED, effective_on=REFORM)
        unit_merge(unit=other_commune, into=commune, decision=DECIDED, effective_on=REFORM)
        unit_dissolve(unit=district, decision=DECIDED, effective_on=REFORM)
        return commune

    return Scenario(cell, Era(None, old_commune, district), _LateEra(None, None, units), reform, units)


def delegated_committee_path() -> Scenario:
    """A grassroots committee delegated to admit decides itself; it merges into one that is not."""
    province, district = _old_district()
    grassroots = make_unit("grassroots_committee", parent=district, name="Đảng ủy Bệnh viện Đa khoa")
    make_grant(grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED, valid_from=D(2020, 1, 1))
    neighbour = make_unit("grassroots_committee", parent=district, name="Đảng ủy Trung tâm Y tế")
    cell = make_unit("subordinate_cell", parent=grassroots, name="Chi bộ Khoa Nội")
    units = {"district": district}

    def reform() -> Unit:
        units["commune"] = commune = _new_commune(province)
        unit_move(unit=neighbour, new_parent=commune, decision=DECIDED, effective_on=REFORM)
        unit_merge(unit=grassroots, into=neighbour, decision=DECIDED, effective_on=REFORM)
        unit_dissolve(unit=district, decision=DECIDED, effective_on=REFORM)
        return commune

    before = Era(None, grassroots, grassroots, DecidingBody.COLLECTIVE_COMMITTEE)
    return Scenario(cell, before, _LateEra(None, neighbour, units), reform, units)


def army_path(*, rule_changes: bool = False) -> Scenario:
    """An army company cell > battalion (grassroots) > regiment > division. The army's rule names the
    regiment's kind (the civilian path would give the division, the first upper-grassroots committee);
    the battalion merges into the neighbouring battalion. With ``rule_changes`` the rule in force
    from the reform names the division's kind instead."""
    division_kind = UnitKindFactory(code="army_division", name="Đảng ủy sư đoàn", is_cell=False,
                                    is_upper_grassroots=True)  # fmt: skip
    regiment_kind = UnitKindFactory(code="army_regiment", name="Đảng ủy trung đoàn", is_cell=False)
    division = make_unit(division_kind.code, name="Đảng ủy Sư đoàn 346", kind=division_kind,
                         special_sector=SpecialSector.ARMY)  # fmt: skip
    regiment = make_unit(regiment_kind.code, parent=division, name="Đảng ủy Trung đoàn 246", kind=regiment_kind)
    battalion = make_unit("grassroots_committee", parent=regiment, name="Đảng ủy Tiểu đoàn 1")
    neighbour = make_unit("grassroots_committee", parent=regiment, name="Đảng ủy Tiểu đoàn 2")
    cell = make_unit("subordinate_cell", parent=battalion, name="Chi bộ Đại đội 1")
    if rule_changes:
        SectorAuthorityRuleFactory(deciding_kind=regiment_kind, valid_to=D(2025, 6, 30))
        SectorAuthorityRuleFactory(deciding_kind=division_kind, valid_from=REFORM)
    else:
        SectorAuthorityRuleFactory(deciding_kind=regiment_kind)
    units = {"division": division, "regiment": regiment}

    def reform() -> Unit:
        unit_merge(unit=battalion, into=neighbour, decision=Decision("55-QĐ/ĐU", D(2025, 6, 25), "Đảng ủy Sư đoàn"),
                   effective_on=REFORM)  # fmt: skip
        return regiment

    return Scenario(cell, Era(None, battalion, regiment), Era(None, neighbour, division if rule_changes else regiment),
                    reform, units)  # fmt: skip


class _LateEra(Era):
    """The era after the reform, whose commune exists only once the reform has run."""

    def __init__(self, partial: Unit | None, grassroots: Unit | None, units: dict[str, Unit]) -> None:
        self.partial, self.grassroots, self._units = partial, grassroots, units
        self.deciding_body = DecidingBody.STANDING_COMMITTEE

    @property  # type: ignore[override]
    def competent(self) -> Unit:
        return self._units["commune"]


PATHS = {
    "cell under a partial committee": partial_committee_path,
    "cell directly under a grassroots committee": grassroots_committee_path,
    "village cell becoming a grassroots cell": village_cell_path,
    "grassroots committee delegated to admit": delegated_committee_path,
    "army (special sector)": army_path,
    "army, its rule changed at the reform": lambda: army_path(rule_changes=True),
}


def _decisions(candidacy: Candidacy) -> dict[str, Unit | None]:
    return {log.action: log.deciding_unit for log in TransitionLog.objects.filter(candidacy=candidacy)
            .select_related("deciding_unit")}  # fmt: skip


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_a_merger_in_the_middle_keeps_the_earlier_deciding_unit(db, path):
    scenario = path()

    official = _walk(scenario)

    decided = _decisions(official)
    before, after = scenario.before, scenario.after
    assert official.stage == "official"
    assert decided["admission_decide"] == before.competent
    assert decided["recognition_decide"] == after.competent
    assert decided["cell_vote"] == decided["recognition_vote"] == scenario.cell
    if before.grassroots is not None and before.grassroots != before.competent:
        assert decided["grassroots_vote"] == before.grassroots
    if after.grassroots is not None:
        assert decided["recognition_review"] == after.grassroots
    if before.partial is not None:
        assert decided["partial_appraise"] == before.partial


@pytest.mark.parametrize("path", [partial_committee_path, village_cell_path], ids=["partial", "village"])
def test_the_admission_is_shown_with_the_dissolved_district_that_took_it(db, path, client):
    scenario = path()
    official = _walk(scenario)
    district = Unit.objects.get(pk=scenario.units["district"].pk)
    staff = _user(Role.GRASSROOTS_STAFF, scenario.units["commune"], "xem_lich_su")
    client.force_login(staff)

    page = client.get(f"/candidacies/{official.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    shown = {entry.log.action: entry.deciding for entry in page.context["timeline"]}
    assert district.is_active is False
    assert shown["admission_decide"] == "Huyện ủy Đại Từ"
    assert shown["recognition_decide"] == "Đảng ủy xã Đại Từ"
    assert history.unit_state_on(district, on=D(2025, 4, 7)).existed is True


@pytest.mark.parametrize("path", [grassroots_committee_path, village_cell_path], ids=["grassroots", "village"])
def test_the_commune_of_today_counts_the_admission_decided_in_the_district_era(db, path):
    scenario = path()
    official = _walk(scenario)
    commune = Unit.objects.get(pk=scenario.units["commune"].pk)
    term = PeriodFactory(kind="term", starts_on=D(2025, 1, 1), ends_on=D(2029, 12, 31))

    admissions = unit_achievements(unit=commune, period=term, kind=TargetKind.ADMISSIONS, today=D(2026, 11, 29))
    recognitions = unit_achievements(unit=commune, period=term, kind=TargetKind.RECOGNITIONS, today=D(2026, 11, 29))

    assert official.admission_decision_date < REFORM
    assert admissions.own.total.achieved == 1
    assert recognitions.own.total.achieved == 1


def test_a_decision_of_the_district_era_recorded_after_the_merger_is_judged_by_the_tree_of_its_date(db):
    scenario = village_cell_path()
    cell = scenario.cell
    roll = [MembershipFactory(cell=cell) for _ in range(7)]
    secretary = _user(Role.CELL_SECRETARY, cell, "bithu")
    with at(D(2024, 9, 2)):
        candidacy = services.candidacy_create(actor=secretary, person=PersonFactory(unit=cell), cell=cell)
    old_commune_staff = _user(Role.GRASSROOTS_STAFF, scenario.before.grassroots, "xa_cu")
    for step in STEPS[: [s.name for s in STEPS].index("admission_decide")]:
        _take(step, candidacy, old_commune_staff if step.by == "grassroots" else secretary, roll)
    with at(REFORM):
        commune = scenario.reform()
    decide = next(step for step in STEPS if step.name == "admission_decide")  # decided 07/04/2025
    late = dataclasses.replace(decide, on=D(2025, 7, 10))
    new_commune_standing = _user(Role.COMMUNE_STANDING, commune, "thuong_vu_xa_moi")
    province_standing = _user(Role.COMMUNE_STANDING, Unit.objects.get(depth=1, name="Tỉnh ủy Thái Nguyên"), "tinh")

    with pytest.raises(services.ActionNotAllowed) as refused:
        _take(late, candidacy, new_commune_standing, roll)
    _take(late, candidacy, province_standing, roll)

    assert "Huyện ủy Đại Từ" in " ".join(refused.value.reasons)
    assert _decisions(candidacy)["admission_decide"] == scenario.units["district"]

"""Synthetic province-size data for benchmarks: ``manage.py seed_demo --scale N``.

Deterministic from ``seed``. Everything goes in with ``bulk_create`` in batches: tree paths are
computed here the way django-treebeard would, so 200,000 candidacies take a few minutes, not hours.
The candidacies are spread over the happy path with consistent dates and an audit trail (creation,
admission decision, recognition rows) so targets and reminders have real figures to read.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from partycell.demo.names import random_name
from partycell.demo.tree import commune_committee_name, province_by_name, province_committee_name, wards_of
from partycell.organisations.models import Unit, UnitKind
from partycell.people.choices import ETHNIC_GROUPS, EducationLevel, Occupation, Religion, Sector, Sex
from partycell.people.models import Person
from workflows.enums import FUNNEL_ORDER, OPEN, Stage
from workflows.models import Candidacy, TransitionLog

BATCH = 5000
# Share of candidacies per stage (the funnel narrows; a few leave).
STAGE_WEIGHTS = {
    Stage.SOURCE: 14, Stage.SYMPATHISER: 12, Stage.CLASS_DONE: 9, Stage.FILE_OPEN: 7, Stage.VERIFIED: 6,
    Stage.INTRODUCED: 6, Stage.CELL_APPROVED: 4, Stage.GRASSROOTS_APPROVED: 3, Stage.ADMISSION_DECIDED: 2,
    Stage.PROBATIONARY: 12, Stage.RECOGNITION_PROPOSED: 2, Stage.OFFICIAL: 18, Stage.WITHDRAWN: 2,
    Stage.REJECTED: 2, Stage.REMOVED: 1,
}  # fmt: skip


@dataclass
class ScaleReport:
    units: int
    people: int
    candidacies: int
    transitions: int
    seconds: float

    def __str__(self) -> str:
        return (f"Generated {self.units} units, {self.people} people, {self.candidacies} candidacies and "
                f"{self.transitions} audit rows in {self.seconds:.1f} s.")


def _child_path(parent_path: str, index: int) -> str:
    return Unit._get_path(parent_path, len(parent_path) // Unit.steplen + 1, index)


def _build_tree(rng: random.Random, *, province_name: str, cells_per_commune: int, tag: str) -> list[Unit]:
    """Province > every real commune of it > 2 grassroots committees with cells + grassroots cells."""
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    province = province_by_name(province_name)
    last_root = Unit.objects.get_last_root_node()
    root_index = (int(last_root.path[: Unit.steplen], 36) + 1) if last_root else 1
    root = Unit(path=_child_path("", root_index), depth=1, numchild=0, name=province_committee_name(province),
                kind=kinds["province_committee"], code=f"{tag}-P", province_code=province.code.value)
    units, cells = [root], []
    wards = wards_of(province)
    root.numchild = len(wards)
    for ward_index, ward in enumerate(wards, start=1):
        commune = Unit(path=_child_path(root.path, ward_index), depth=2, name=commune_committee_name(ward),
                       kind=kinds["commune_committee"], code=f"{tag}-W{ward.code.value}",
                       province_code=province.code.value, ward_code=ward.code.value)
        units.append(commune)
        committees = 2
        per_committee = cells_per_commune // 3
        village_cells = cells_per_commune - committees * per_committee
        commune.numchild = committees + village_cells
        for committee_index in range(1, committees + 1):
            committee = Unit(path=_child_path(commune.path, committee_index), depth=3, numchild=per_committee,
                             name=f"Đảng ủy cơ sở {committee_index} {ward.name}", kind=kinds["grassroots_committee"],
                             code=f"{commune.code}-G{committee_index}")
            units.append(committee)
            for cell_index in range(1, per_committee + 1):
                cell = Unit(path=_child_path(committee.path, cell_index), depth=4, numchild=0,
                            name=f"Chi bộ {cell_index}", kind=kinds["subordinate_cell"],
                            code=f"{committee.code}-C{cell_index}")
                units.append(cell)
                cells.append(cell)
        for village_index in range(1, village_cells + 1):
            cell = Unit(path=_child_path(commune.path, committees + village_index), depth=3, numchild=0,
                        name=f"Chi bộ Thôn {village_index}", kind=kinds["grassroots_cell"],
                        code=f"{commune.code}-T{village_index}", is_residential=True)
            units.append(cell)
            cells.append(cell)
    Unit.objects.bulk_create(units, batch_size=BATCH)
    codes = [cell.code for cell in cells]
    return list(Unit.objects.filter(code__in=codes).only("id", "path"))


def _dates_for(stage: str, rng: random.Random, today: datetime.date) -> dict:
    """Plausible key dates for a candidacy that has reached ``stage``."""
    reached = FUNNEL_ORDER.index(Stage(stage)) if stage in FUNNEL_ORDER else rng.randint(1, 8)
    created = today - datetime.timedelta(days=rng.randint(30, 1100))
    dates = {"created": created}
    if reached >= FUNNEL_ORDER.index(Stage.CELL_APPROVED):
        dates["cell_resolution_date"] = created + datetime.timedelta(days=rng.randint(120, 300))
    if reached >= FUNNEL_ORDER.index(Stage.ADMISSION_DECIDED):
        dates["admission_decision_date"] = dates["cell_resolution_date"] + datetime.timedelta(days=rng.randint(20, 95))
    if reached >= FUNNEL_ORDER.index(Stage.PROBATIONARY):
        dates["ceremony_date"] = dates["admission_decision_date"] + datetime.timedelta(days=rng.randint(7, 50))
        dates["probation_ends_on"] = dates["ceremony_date"] + datetime.timedelta(days=365)
    if reached >= FUNNEL_ORDER.index(Stage.OFFICIAL):
        dates["recognition_decision_date"] = dates["probation_ends_on"] + datetime.timedelta(days=rng.randint(10, 60))
        dates["recognition_effective_on"] = dates["probation_ends_on"]
    return {k: min(v, today) if k != "probation_ends_on" else v for k, v in dates.items()}


def seed_scale(*, candidacies: int, seed: int = 1, province_name: str = "Hà Nội",
               cells_per_commune: int = 25) -> ScaleReport:
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    tag = f"S{seed}-{Unit.objects.count()}"
    today = timezone.localdate()
    stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
    ethnic_codes = [code for code, _ in ETHNIC_GROUPS]
    with transaction.atomic():
        cells = _build_tree(rng, province_name=province_name, cells_per_commune=cells_per_commune, tag=tag)
        id_base = 900_000_000_000 + seed * 10_000_000 + Person.objects.count()
        made_people = made_candidacies = made_logs = 0
        for start in range(0, candidacies, BATCH):
            size = min(BATCH, candidacies - start)
            people, plans = [], []
            for offset in range(size):
                female = rng.random() < 0.45
                cell = rng.choice(cells)
                person = Person(
                    full_name=random_name(rng, female=female), sex=Sex.FEMALE if female else Sex.MALE,
                    date_of_birth=datetime.date(rng.randint(1975, 2006), rng.randint(1, 12), rng.randint(1, 28)),
                    citizen_id=f"{id_base + start + offset:012d}", unit_id=cell.id,
                    ethnic_group=ethnic_codes[0] if rng.random() < 0.85 else rng.choice(ethnic_codes),
                    religion=Religion.NONE if rng.random() < 0.88 else Religion.CATHOLICISM,
                    education_level=EducationLevel.UPPER_SECONDARY,
                    occupation=rng.choice(list(Occupation.values)), sector=rng.choice(list(Sector.values)),
                    is_youth_union_member=rng.random() < 0.6, is_militia_or_reserve=rng.random() < 0.05,
                )
                person.fill_derived_fields()
                people.append(person)
                stage = rng.choices(stages, weights)[0]
                plans.append((cell, stage, _dates_for(stage, rng, today)))
            Person.objects.bulk_create(people, batch_size=BATCH)
            made_people += len(people)
            rows = []
            created_on = []
            for person, (cell, stage, dates) in zip(people, plans, strict=True):
                created = dates.pop("created")
                due = today + datetime.timedelta(days=rng.randint(-40, 80)) if stage in OPEN else None
                rows.append(Candidacy(person_id=person.id, cell_id=cell.id, stage=stage, stage_due_on=due,
                                      stage_due_rule="synthetic" if due else "", **dates,
                                      stage_entered_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 200)),
                                      closed_on=today if stage not in OPEN else None))
                created_on.append(created)
            Candidacy.objects.bulk_create(rows, batch_size=BATCH)
            made_candidacies += len(rows)
            logs = []
            for candidacy, created in zip(rows, created_on, strict=True):
                logs.append(TransitionLog(candidacy_id=candidacy.id, action="create", from_stage="",
                                          to_stage=Stage.SOURCE, event_date=created,
                                          cell_id=candidacy.cell_id, note="synthetic"))
                if candidacy.admission_decision_date:
                    logs.append(TransitionLog(candidacy_id=candidacy.id, action="decide_admission",
                                              from_stage=Stage.GRASSROOTS_APPROVED, to_stage=Stage.ADMISSION_DECIDED,
                                              event_date=candidacy.admission_decision_date,
                                              cell_id=candidacy.cell_id, note="synthetic"))
                if candidacy.recognition_decision_date:
                    logs.append(TransitionLog(candidacy_id=candidacy.id, action="decide_recognition",
                                              from_stage=Stage.RECOGNITION_PROPOSED, to_stage=Stage.OFFICIAL,
                                              event_date=candidacy.recognition_decision_date,
                                              cell_id=candidacy.cell_id, note="synthetic"))
                if candidacy.stage in (Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED):
                    logs.append(TransitionLog(candidacy_id=candidacy.id, action="exit", from_stage=Stage.SOURCE,
                                              to_stage=candidacy.stage, event_date=today, cell_id=candidacy.cell_id,
                                              note="synthetic"))
            TransitionLog.objects.bulk_create(logs, batch_size=BATCH)
            made_logs += len(logs)
    return ScaleReport(units=Unit.objects.filter(code__startswith=tag).count(), people=made_people,
                       candidacies=made_candidacies, transitions=made_logs, seconds=time.monotonic() - started)

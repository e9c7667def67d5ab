"""Synthetic province- or country-size data for benchmarks: ``manage.py seed_demo --scale N``.

Deterministic from ``seed``. One province (``--province``), or with ``--national`` a national root over
the 34 provinces and their real communes (``--communes-per-province`` keeps a test small). The
candidacies are spread over the happy path with consistent dates and an audit trail (creation,
admission decision, recognition rows) so targets and reminders have real figures to read; with
``--roll`` (default 5.5 per candidacy for a national root) the membership roll too: the probationary
and official members the candidacies became, and official members enough to reach the ratio.

Tree paths are computed here the way django-treebeard would and ids are given here, so rows go in
without a round trip: on PostgreSQL through ``COPY`` (psycopg 3), with the big tables' secondary
indexes dropped before loading and built again after it (the ``CREATE INDEX`` statements PostgreSQL
reports, so nothing is restated here); elsewhere with ``bulk_create`` in batches.
"""

import contextlib
import datetime
import enum
import functools
import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone
from vietnam_provinces import Province

from partycell.demo.names import random_name
from partycell.demo.tree import commune_committee_name, province_by_name, province_committee_name, wards_of
from partycell.organisations.models import Unit, UnitKind
from partycell.people.choices import ETHNIC_GROUPS, EducationLevel, Occupation, Religion, Sector, Sex
from partycell.people.models import Membership, MembershipStatus, Person
from partycell.people.vietnamese import fold, name_sort_key, normalise_text
from workflows.enums import FUNNEL_ORDER, OPEN, PROBATION, Stage
from workflows.models import Candidacy, TransitionLog

BATCH = 5000
# Share of candidacies per stage (the funnel narrows; a few leave).
STAGE_WEIGHTS = {
    Stage.SOURCE: 14, Stage.SYMPATHISER: 12, Stage.CLASS_DONE: 9, Stage.FILE_OPEN: 7, Stage.VERIFIED: 6,
    Stage.INTRODUCED: 6, Stage.CELL_APPROVED: 4, Stage.GRASSROOTS_APPROVED: 3, Stage.ADMISSION_DECIDED: 2,
    Stage.PROBATIONARY: 12, Stage.RECOGNITION_PROPOSED: 2, Stage.OFFICIAL: 18, Stage.WITHDRAWN: 2,
    Stage.REJECTED: 2, Stage.REMOVED: 1,
}  # fmt: skip


NATIONAL_ROOT_KIND = "central_committee"
NATIONAL_ROOT_NAME = "Ban Chấp hành Trung ương Đảng"
DEFAULT_NATIONAL_ROLL = 5.5  # members on the roll per candidacy (about 5.5 million for a million candidacies)
# The tables that grow with N: their secondary indexes are built after loading them (PostgreSQL).
BIG_TABLES = (Person, Membership, Candidacy, TransitionLog)


@dataclass
class ScaleReport:
    units: int
    people: int
    candidacies: int
    transitions: int
    seconds: float
    members: int = 0
    method: str = "bulk_create"

    def __str__(self) -> str:
        return (f"Generated {self.units} units, {self.people} people, {self.candidacies} candidacies, "
                f"{self.members} members on the roll and {self.transitions} audit rows in {self.seconds:.1f} s "
                f"({self.method}).")  # fmt: skip


# --- Loading rows -------------------------------------------------------------------------------------------


class _Loader:
    """Gives ids and writes rows: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere."""

    def __init__(self) -> None:
        self.copy = connection.vendor == "postgresql"
        self._next: dict[type[models.Model], int] = {}
        self._templates: dict[type[models.Model], dict[str, object]] = {}

    def give_ids(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        for pk, obj in zip(self.next_ids(model, len(objs)), objs, strict=True):
            obj.pk = pk

    def write(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        self.give_ids(model, objs)
        if not self.copy:
            model._default_manager.bulk_create(objs, batch_size=BATCH)
            return
        fields = list(model._meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([_copy_value(field, obj) for field in fields])

    def write_rows(self, model: type[models.Model], rows: list[dict[str, object]]) -> None:
        """Rows given as {attname: value} (database-ready values, ``id`` included; ``give_row_ids``); the other
        columns take the model's defaults. No model instance per row on PostgreSQL: the seeder's hot path."""
        if not self.copy:
            model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
            return
        fields = list(model._meta.concrete_fields)
        if model not in self._templates:
            blank = model()
            self._templates[model] = {field.attname: _copy_value(field, blank) for field in fields}
        template = self._templates[model]
        names = [field.attname for field in fields]
        columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else template[name] for name in names])

    def next_ids(self, model: type[models.Model], count: int) -> range:
        """``count`` fresh ids for rows of ``model`` written with ``write_rows``."""
        if model not in self._next:
            last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
            self._next[model] = (last or 0) + 1
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def finish(self) -> None:
        """Move each table's id sequence past the ids given here."""
        if not self.copy:
            return
        with connection.cursor() as cursor:
            for model in self._next:
                table = model._meta.db_table
                quoted = connection.ops.quote_name(table)
                sql = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {quoted}))"  # noqa: S608
                cursor.execute(sql, [table])


def _copy_value(field: models.Field, obj: models.Model) -> object:
    value = field.pre_save(obj, True)  # auto_now(_add) and defaults, as an INSERT would set them
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    value = field.get_db_prep_save(value, connection)
    return value.value if isinstance(value, enum.Enum) else value


@contextlib.contextmanager
def _indexes_built_after_loading(loader: _Loader) -> Iterator[None]:
    """PostgreSQL: drop the big tables' plain secondary indexes (not the primary keys, not those behind a
    unique constraint), load, then build them again from the definitions PostgreSQL gave, and ANALYZE."""
    if not loader.copy:
        yield
        return
    tables = [model._meta.db_table for model in BIG_TABLES]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) AND NOT x.indisprimary "
            "AND NOT x.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
            [tables],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; an index cannot be built with those checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in definitions:
            cursor.execute(definition)
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _child_path(parent_path: str, index: int) -> str:
    return Unit._get_path(parent_path, len(parent_path) // Unit.steplen + 1, index)


def _next_root_index() -> int:
    last_root = Unit.objects.get_last_root_node()
    return (int(last_root.path[: Unit.steplen], 36) + 1) if last_root else 1


def _province_units(
    province: Province, *, path: str, code: str, kinds: dict[str, UnitKind], cells_per_commune: int,
    communes: int | None,
) -> tuple[list[Unit], list[Unit]]:  # fmt: skip
    """Province > its real communes (the first ``communes``) > 2 grassroots committees with cells + grassroots
    cells; the province unit at ``path``. Returns (units, cells)."""
    depth = len(path) // Unit.steplen
    root = Unit(path=path, depth=depth, numchild=0, name=province_committee_name(province),
                kind=kinds["province_committee"], code=code, province_code=province.code.value)  # fmt: skip
    units, cells = [root], []
    wards = wards_of(province)[:communes]
    root.numchild = len(wards)
    for ward_index, ward in enumerate(wards, start=1):
        commune = Unit(path=_child_path(root.path, ward_index), depth=depth + 1, name=commune_committee_name(ward),
                       kind=kinds["commune_committee"], code=f"{code}-W{ward.code.value}",
                       province_code=province.code.value, ward_code=ward.code.value)  # fmt: skip
        units.append(commune)
        committees = 2
        per_committee = cells_per_commune // 3
        village_cells = cells_per_commune - committees * per_committee
        commune.numchild = committees + village_cells
        for committee_index in range(1, committees + 1):
            committee = Unit(path=_child_path(commune.path, committee_index), depth=depth + 2, numchild=per_committee,
                             name=f"Đảng ủy cơ sở {committee_index} {ward.name}", kind=kinds["grassroots_committee"],
                             code=f"{commune.code}-G{committee_index}")  # fmt: skip
            units.append(committee)
            for cell_index in range(1, per_committee + 1):
                cell = Unit(path=_child_path(committee.path, cell_index), depth=depth + 3, numchild=0,
                            name=f"Chi bộ {cell_index}", kind=kinds["subordinate_cell"],
                            code=f"{committee.code}-C{cell_index}")  # fmt: skip
                units.append(cell)
                cells.append(cell)
        for village_index in range(1, village_cells + 1):
            cell = Unit(path=_child_path(commune.path, committees + village_index), depth=depth + 2, numchild=0,
                        name=f"Chi bộ Thôn {village_index}", kind=kinds["grassroots_cell"],
                        code=f"{commune.code}-T{village_index}", is_residential=True)  # fmt: skip
            units.append(cell)
            cells.append(cell)
    return units, cells


def _national_kind() -> UnitKind:
    """The national root's kind: data, added by the seeder when first needed (no procedure flag: it never
    reviews or decides a case)."""
    kind, _created = UnitKind.objects.get_or_create(code=NATIONAL_ROOT_KIND, defaults={"name": NATIONAL_ROOT_NAME})
    return kind


def _build_tree(
    loader: _Loader, *, province_name: str, cells_per_commune: int, tag: str, national: bool,
    communes_per_province: int | None,
) -> list[Unit]:  # fmt: skip
    """One province as a root, or a national root over the 34 provinces. Returns the cells."""
    kinds = {kind.code: kind for kind in UnitKind.objects.all()}
    root_path = _child_path("", _next_root_index())
    units: list[Unit] = []
    cells: list[Unit] = []
    if national:
        provinces = list(Province.iter_all())
        units.append(Unit(path=root_path, depth=1, numchild=len(provinces), name=NATIONAL_ROOT_NAME,
                          kind=_national_kind(), code=f"{tag}-TW"))  # fmt: skip
        for index, province in enumerate(provinces, start=1):
            found, its_cells = _province_units(
                province, path=_child_path(root_path, index), code=f"{tag}-P{province.code.value}", kinds=kinds,
                cells_per_commune=cells_per_commune, communes=communes_per_province,
            )  # fmt: skip
            units += found
            cells += its_cells
    else:
        units, cells = _province_units(province_by_name(province_name), path=root_path, code=f"{tag}-P", kinds=kinds,
                                       cells_per_commune=cells_per_commune, communes=communes_per_province)  # fmt: skip
    loader.write(Unit, units)
    return cells


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


@functools.cache
def _name_keys(raw: str) -> tuple[str, str, str]:
    """``Person.fill_derived_fields`` for a name: (full name, search key, sort key), once per distinct name."""
    full_name = normalise_text(raw)
    return full_name, fold(full_name), name_sort_key(full_name)


OCCUPATIONS = list(Occupation.values)
SECTORS = list(Sector.values)


def _person_row(
    rng: random.Random, *, pk: int, cell_id: int, citizen_id: int, ethnic_codes: list[str], born: tuple[int, int]
) -> dict[str, object]:
    """One person as a row (``_Loader.write_rows``), with the derived fields ``Person.fill_derived_fields`` sets."""
    female = rng.random() < 0.45
    full_name, search_name, sort_key = _name_keys(random_name(rng, female=female))
    return {
        "id": pk, "full_name": full_name, "search_name": search_name, "name_sort_key": sort_key,
        "sex": Sex.FEMALE.value if female else Sex.MALE.value,
        "date_of_birth": datetime.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28)),
        "citizen_id": f"{citizen_id:012d}", "unit_id": cell_id,
        "ethnic_group": ethnic_codes[0] if rng.random() < 0.85 else rng.choice(ethnic_codes),
        "religion": Religion.NONE.value if rng.random() < 0.88 else Religion.CATHOLICISM.value,
        "education_level": EducationLevel.UPPER_SECONDARY.value,
        "occupation": rng.choice(OCCUPATIONS), "sector": rng.choice(SECTORS),
        "is_youth_union_member": rng.random() < 0.6, "is_militia_or_reserve": rng.random() < 0.05,
    }  # fmt: skip


def _membership_of(candidacy: Candidacy) -> Membership | None:
    """The roll entry a candidacy at its stage stands for: probationary after the ceremony, official after
    recognition; None before."""
    decided = candidacy.admission_decision_date or candidacy.created_at.date()
    if candidacy.stage in PROBATION:
        return Membership(person_id=candidacy.person_id, cell_id=candidacy.cell_id,
                          status=MembershipStatus.PROBATIONARY,
                          admission_decision_date=decided,
                          ceremony_date=candidacy.ceremony_date)  # fmt: skip
    if candidacy.stage == Stage.OFFICIAL:
        return Membership(person_id=candidacy.person_id, cell_id=candidacy.cell_id, status=MembershipStatus.OFFICIAL,
                          admission_decision_date=decided,
                          ceremony_date=candidacy.ceremony_date,
                          recognition_date=candidacy.recognition_effective_on)  # fmt: skip
    return None


def _long_standing_member(
    rng: random.Random, *, pk: int, person: dict[str, object], today: datetime.date
) -> dict[str, object]:
    """An official member admitted years ago (the roll before the candidacies seeded here), as a row."""
    born = person["date_of_birth"]
    assert isinstance(born, datetime.date)
    admitted = today - datetime.timedelta(days=rng.randint(2 * 365, 40 * 365))
    admitted = max(admitted, born + datetime.timedelta(days=19 * 365))
    ceremony = admitted + datetime.timedelta(days=rng.randint(7, 40))
    return {"id": pk, "person_id": person["id"], "cell_id": person["unit_id"],
            "status": MembershipStatus.OFFICIAL.value, "admission_decision_date": admitted, "ceremony_date": ceremony,
            "recognition_date": ceremony + datetime.timedelta(days=365)}  # fmt: skip


def seed_scale(
    *, candidacies: int, seed: int = 1, province_name: str = "Hà Nội", cells_per_commune: int = 25,
    national: bool = False, communes_per_province: int | None = None, roll: float | None = None,
) -> ScaleReport:  # fmt: skip
    """Generate ``candidacies`` synthetic candidacies (and, with ``roll``, that many members per candidacy on
    the roll) under a new province root, or a national root with ``national``. Deterministic from ``seed``."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    tag = f"S{seed}-{Unit.objects.count()}"
    today = timezone.localdate()
    stages, weights = zip(*STAGE_WEIGHTS.items(), strict=True)
    ethnic_codes = [code for code, _ in ETHNIC_GROUPS]
    roll = (DEFAULT_NATIONAL_ROLL if national else 0.0) if roll is None else roll
    loader = _Loader()
    with transaction.atomic(), _indexes_built_after_loading(loader):
        cells = _build_tree(loader, province_name=province_name, cells_per_commune=cells_per_commune, tag=tag,
                            national=national, communes_per_province=communes_per_province)  # fmt: skip
        id_base = 900_000_000_000 + seed * 10_000_000 + Person.objects.count()
        made_people = made_candidacies = made_logs = made_members = 0
        for start in range(0, candidacies, BATCH):
            size = min(BATCH, candidacies - start)
            people, plans = [], []
            for pk, offset in zip(loader.next_ids(Person, size), range(size), strict=True):
                cell = rng.choice(cells)
                people.append(_person_row(rng, pk=pk, cell_id=cell.pk, citizen_id=id_base + start + offset,
                                          ethnic_codes=ethnic_codes, born=(1975, 2006)))  # fmt: skip
                stage = rng.choices(stages, weights)[0]
                plans.append((cell, stage, _dates_for(stage, rng, today)))
            loader.write_rows(Person, people)
            made_people += len(people)
            rows = []
            created_on = []
            for person, (cell, stage, dates) in zip(people, plans, strict=True):
                created = dates.pop("created")
                due = today + datetime.timedelta(days=rng.randint(-40, 80)) if stage in OPEN else None
                rows.append(Candidacy(person_id=int(str(person["id"])), cell_id=cell.pk, stage=stage, stage_due_on=due,
                                      stage_due_rule="synthetic" if due else "", **dates,
                                      stage_entered_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 200)),
                                      closed_on=today if stage not in OPEN else None))  # fmt: skip
                created_on.append(created)
            loader.write(Candidacy, rows)
            made_candidacies += len(rows)
            logs = []
            for candidacy, created in zip(rows, created_on, strict=True):
                logs.append(TransitionLog(candidacy_id=candidacy.pk, action="create", from_stage="",
                                          to_stage=Stage.SOURCE, event_date=created,
                                          cell_id=candidacy.cell_id, note="synthetic"))  # fmt: skip
                if candidacy.admission_decision_date:
                    logs.append(TransitionLog(candidacy_id=candidacy.pk, action="decide_admission",
                                              from_stage=Stage.GRASSROOTS_APPROVED, to_stage=Stage.ADMISSION_DECIDED,
                                              event_date=candidacy.admission_decision_date,
                                              cell_id=candidacy.cell_id, note="synthetic"))  # fmt: skip
                if candidacy.recognition_decision_date:
                    logs.append(TransitionLog(candidacy_id=candidacy.pk, action="decide_recognition",
                                              from_stage=Stage.RECOGNITION_PROPOSED, to_stage=Stage.OFFICIAL,
                                              event_date=candidacy.recognition_decision_date,
                                              cell_id=candidacy.cell_id, note="synthetic"))  # fmt: skip
                if candidacy.stage in (Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED):
                    logs.append(TransitionLog(candidacy_id=candidacy.pk, action="exit", from_stage=Stage.SOURCE,
                                              to_stage=candidacy.stage, event_date=today, cell_id=candidacy.cell_id,
                                              note="synthetic"))  # fmt: skip
            loader.write(TransitionLog, logs)
            made_logs += len(logs)
            if roll:
                members = [member for candidacy in rows if (member := _membership_of(candidacy)) is not None]
                loader.write(Membership, members)
                made_members += len(members)
        # The rest of the roll: official members admitted before the seeded candidacies.
        wanted = round(roll * candidacies) - made_members
        citizen_base = id_base + candidacies
        for start in range(0, max(wanted, 0), BATCH):
            size = min(BATCH, wanted - start)
            people = [_person_row(rng, pk=pk, cell_id=rng.choice(cells).pk, citizen_id=citizen_base + start + offset,
                                  ethnic_codes=ethnic_codes, born=(1945, 2000))
                      for pk, offset in zip(loader.next_ids(Person, size), range(size), strict=True)]  # fmt: skip
            loader.write_rows(Person, people)
            made_people += len(people)
            roll_rows = [_long_standing_member(rng, pk=pk, person=person, today=today)
                         for pk, person in zip(loader.next_ids(Membership, size), people, strict=True)]  # fmt: skip
            loader.write_rows(Membership, roll_rows)
            made_members += len(roll_rows)
        loader.finish()
    return ScaleReport(units=Unit.objects.filter(code__startswith=tag).count(), people=made_people,
                       candidacies=made_candidacies, transitions=made_logs, members=made_members,
                       seconds=time.monotonic() - started, method="COPY" if loader.copy else "bulk_create")  # fmt: skip

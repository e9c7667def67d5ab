"""The small, realistic demo data set used by ``make run``. Running it twice changes nothing."""

import datetime
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from partycell.accounts.models import Role, RoleAssignment, User
from partycell.demo.names import random_name
from partycell.demo.targets import seed_targets
from partycell.demo.tree import (
    commune_committee_name,
    get_or_add_unit,
    province_by_name,
    province_committee_name,
    wards_of,
)
from partycell.demo.walks import walk_cell
from partycell.organisations.models import Unit
from partycell.people.choices import EducationLevel, Occupation, Sector, Sex
from partycell.people.models import Membership, MembershipStatus, Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEMO_PASSWORD = "partycell-demo"  # noqa: S105 - printed for the demo on purpose
DEMO_PROVINCE = "Thái Nguyên"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: "StrOrPromise"
    unit: str


@dataclass
class DemoTree:
    province: Unit
    communes: list[Unit]
    cells: list[Unit]


def _tree() -> DemoTree:
    province = province_by_name(DEMO_PROVINCE)
    root = get_or_add_unit(
        code=f"P{province.code.value:02d}", name=province_committee_name(province), kind_code="province_committee",
        parent=None, province_code=province.code.value,
    )
    communes, cells = [], []
    for ward_index, ward in enumerate(wards_of(province)[:3], start=1):
        commune = get_or_add_unit(
            code=f"W{ward.code.value:05d}", name=commune_committee_name(ward), kind_code="commune_committee",
            parent=root, province_code=province.code.value, ward_code=ward.code.value,
        )
        communes.append(commune)
        school = get_or_add_unit(
            code=f"W{ward.code.value:05d}-THPT", name=f"Đảng ủy Trường THPT số {ward_index} {ward.name}",
            kind_code="grassroots_committee", parent=commune,
        )
        for number in (1, 2):
            # The school in the name: an auditor's lists across the province must tell the cells apart.
            cells.append(get_or_add_unit(
                code=f"{school.code}-GV{number}", name=f"Chi bộ Giáo viên {number} (THPT số {ward_index})",
                kind_code="subordinate_cell", parent=school,
            ))
        for number in (1, 2, 3):
            cells.append(get_or_add_unit(
                code=f"W{ward.code.value:05d}-TDP{number}", name=f"Chi bộ Tổ dân phố {number} ({ward.name})",
                kind_code="grassroots_cell", parent=commune, is_residential=True,
            ))
    return DemoTree(province=root, communes=communes, cells=cells)


def _user(username: str, first: str, last: str, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@partycell.local",
                  "is_staff": superuser, "is_superuser": superuser, "password": make_password(DEMO_PASSWORD)},
    )
    return user


def _role(user: User, role: str, unit: Unit) -> DemoLogin:
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return DemoLogin(user.username, Role(role).label, unit.name)


def _members(cell: Unit, number: int, rng: random.Random, *, count: int) -> None:
    """Official members of a cell (mentors, introducers and the vote denominator).

    ``number`` is the cell's place in the demo tree, not its key: keys grow past four digits on a
    long-lived database, and a CCCD has twelve.
    """
    for index in range(count):
        citizen_id = f"0190{number:04d}{index:04d}"
        if Person.objects.filter(citizen_id=citizen_id).exists():
            continue
        female = rng.random() < 0.45
        person = Person.objects.create(
            full_name=random_name(rng, female=female), sex=Sex.FEMALE if female else Sex.MALE,
            date_of_birth=datetime.date(rng.randint(1962, 1995), rng.randint(1, 12), rng.randint(1, 28)),
            citizen_id=citizen_id, unit=cell, education_level=EducationLevel.UPPER_SECONDARY,
            occupation=rng.choice([Occupation.TEACHER, Occupation.CIVIL_SERVANT, Occupation.RETIRED]),
            sector=Sector.STATE, residence=cell.name,
        )
        admitted = datetime.date(rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28))
        Membership.objects.create(
            person=person, cell=cell, status=MembershipStatus.OFFICIAL, admission_decision_date=admitted,
            ceremony_date=admitted + datetime.timedelta(days=20),
            recognition_date=admitted + datetime.timedelta(days=385),
            admission_decision_number=f"{rng.randint(100, 999)}-QĐ/ĐU",
        )


def _candidates(cell: Unit, number: int, rng: random.Random, *, count: int) -> list[Person]:
    """Outstanding Youth Union and trade-union members proposed by the mass organisations."""
    people = []
    for index in range(count):
        citizen_id = f"0192{number:04d}{index:04d}"
        person = Person.objects.filter(citizen_id=citizen_id).first()
        if person is None:
            female = rng.random() < 0.5
            person = Person.objects.create(
                full_name=random_name(rng, female=female), sex=Sex.FEMALE if female else Sex.MALE,
                date_of_birth=datetime.date(rng.randint(1990, 2006), rng.randint(1, 12), rng.randint(1, 28)),
                citizen_id=citizen_id, unit=cell, education_level=EducationLevel.UPPER_SECONDARY,
                occupation=rng.choice([Occupation.TEACHER, Occupation.WORKER, Occupation.STUDENT, Occupation.FARMER]),
                sector=rng.choice([Sector.STATE, Sector.PRIVATE_ENTERPRISE, Sector.FDI_ENTERPRISE, Sector.AGRICULTURE]),
                residence=cell.name, is_youth_union_member=rng.random() < 0.7,
                is_trade_union_member=rng.random() < 0.4, is_womens_union_member=female and rng.random() < 0.5,
            )
        people.append(person)
    return people


@transaction.atomic
def seed_small_demo() -> list[DemoLogin]:
    """Create (or find) the demo tree, users, members and candidates; return the demo log-ins."""
    rng = random.Random(2025)  # noqa: S311 - demo data, not security
    tree = _tree()
    logins = []
    admin = _user("admin", "Hệ thống", "Quản trị", superuser=True)  # "Quản trị Hệ thống" in Vietnamese order
    logins.append(DemoLogin("admin", "Superuser", "—"))
    first_commune = tree.communes[0]
    residential_cell = next(c for c in tree.cells if c.is_residential and c.is_descendant_of(first_commune))
    logins.append(_role(_user("bithu", "Thị Lan", "Trần"), Role.CELL_SECRETARY, residential_cell))
    logins.append(_role(_user("chiuy", "Văn Hùng", "Lê"), Role.CELL_COMMITTEE, residential_cell))
    logins.append(_role(_user("canbo_xa", "Minh Đức", "Nguyễn"), Role.GRASSROOTS_STAFF, first_commune))
    logins.append(_role(_user("thuongtruc_xa", "Quốc Tuấn", "Phạm"), Role.COMMUNE_STANDING, first_commune))
    logins.append(_role(_user("kiemtra_tinh", "Thu Hà", "Hoàng"), Role.BOARD_STAFF, tree.province))
    for number, cell in enumerate(tree.cells, start=1):
        _members(cell, number, rng, count=9)
        people = _candidates(cell, number, rng, count=5 if cell.is_residential else 4)
        walk_cell(actor=admin, cell=cell, people=people)
    seed_targets(root=tree.province, actor=admin, today=timezone.localdate())
    return logins

"""Every page a user opens runs as many queries on a large tree as on a small one.

One tree is built (through the real services, so cases carry their trail, documents, votes and
mentors), every page is opened by every role that sees it, the tree grows (two more communes, a
cell more in the first commune, more cases in every cell, more history on the case opened), and
every page is opened again. Each (role, page) pair is a test comparing its two counts. The data lives
in one transaction for the module and is rolled back at its end.
"""

import datetime
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partycell.accounts.models import User
from partycell.demo.walks import walk_cell
from partycell.organisations.models import Unit
from partycell.signin.sessions import SEEN
from partycell.targets.enums import PeriodKind
from tests.factories import (
    CandidacyFactory,
    DocumentFactory,
    MembershipFactory,
    MentorshipFactory,
    PeriodFactory,
    PersonFactory,
    Role,
    TargetFactory,
    TransitionLogFactory,
    UserFactory,
    VerificationRequestFactory,
    VerificationSubjectFactory,
    assign_role,
    make_unit,
)
from workflows.enums import Stage
from workflows.models import Candidacy
from workflows.verification import Relation

# pytest-django sets the test database up only for modules whose tests ask for it.
pytestmark = pytest.mark.django_db

ROLES = ("secretary", "commune_staff", "auditor")
SEARCHED = "Nguyễn Thị Ngọc Hương"


@dataclass
class Tree:
    province: Unit
    communes: list[Unit] = field(default_factory=list)
    cells: list[Unit] = field(default_factory=list)
    case: Candidacy | None = None


def _add_cases(cell: Unit, actor: User, *, count: int = 5) -> None:
    """Members (introducers, the vote's roll), ``count`` cases walked to different stages, and three
    cases recorded before deadlines were stored on the trail (imported or seeded in bulk), each on
    dates of its own, whose deadlines the audit computes."""
    for _ in range(4):
        MembershipFactory(cell=cell)
    people = [PersonFactory(unit=cell) for _ in range(count - 1)] + [PersonFactory(unit=cell, full_name=SEARCHED)]
    walk_cell(actor=actor, cell=cell, people=people)
    start = datetime.date(timezone.localdate().year, 1, 5) + datetime.timedelta(days=Candidacy.objects.count() % 90)
    CandidacyFactory(cell=cell, stage=Stage.ADMISSION_DECIDED, cell_resolution_date=start,
                     admission_decision_date=start + datetime.timedelta(days=150))  # fmt: skip
    CandidacyFactory(cell=cell, stage=Stage.PROBATIONARY, decision_received_on=start,
                     ceremony_date=start + datetime.timedelta(days=80))  # fmt: skip
    CandidacyFactory(cell=cell, stage=Stage.PROBATIONARY, ceremony_date=start - datetime.timedelta(days=400))


def _add_note(case: Candidacy, day: datetime.date) -> None:
    """An entry of the trail that keeps the stage (the history grows; the page offers to correct it)."""
    TransitionLogFactory(candidacy=case, action="note", from_stage=case.stage, to_stage=case.stage, event_date=day)


def _add_commune(tree: Tree, actor: User, number: int) -> Unit:
    commune = make_unit("commune_committee", parent=tree.province, name=f"Đảng ủy xã Thử {number}")
    school = make_unit("grassroots_committee", parent=commune, name=f"Đảng ủy Trường THPT {number}")
    teachers = make_unit("subordinate_cell", parent=school, name=f"Chi bộ Giáo viên {number}")
    street = make_unit("grassroots_cell", parent=commune, name=f"Chi bộ Tổ dân phố {number}", is_residential=True)
    for cell in (teachers, street):
        _add_cases(cell, actor)
    tree.communes.append(commune)
    tree.cells += [teachers, street]
    return commune


def _grow(tree: Tree, actor: User) -> None:
    """Two more communes, one more cell in the first, more cases in the secretary's cell, and more
    documents, mentors and people to verify on the case every role opens."""
    for number in (2, 3):
        _add_commune(tree, actor, number)
    extra = make_unit("grassroots_cell", parent=tree.communes[0], name="Chi bộ Tổ dân phố 9", is_residential=True)
    _add_cases(extra, actor)
    _add_cases(tree.cells[0], actor)
    assert tree.case is not None
    for day in range(3):
        DocumentFactory(candidacy=tree.case, issued_on=datetime.date(2026, 1, 5 + day))
        _add_note(tree.case, datetime.date(2026, 1, 5 + day))
    for _ in range(2):
        MentorshipFactory(candidacy=tree.case)
    for relation in (Relation.MOTHER, Relation.GUARDIAN):
        VerificationRequestFactory(subject=VerificationSubjectFactory(candidacy=tree.case, relation=relation))


# The levels of the tree each role opens the dashboard and the compliance audit at.
LEVELS = {"secretary": ["cell"], "commune_staff": ["commune", "cell"], "auditor": ["province", "commune", "cell"]}


def _pages(tree: Tree, role: str, period_pk: int) -> dict[str, str]:
    """The pages ``role`` opens, by name: URL with its query string."""
    cell, commune, province, case = tree.cells[0], tree.communes[0], tree.province, tree.case
    assert case is not None
    units = {"cell": cell, "commune": commune, "province": province}
    pages = {}
    for level in LEVELS[role]:
        pages[f"dashboard {level}"] = f"{reverse('targets:unit', args=[units[level].pk])}?period={period_pk}"
        pages[f"compliance {level}"] = f"{reverse('targets:compliance', args=[units[level].pk])}?period={period_pk}"
    top = units[LEVELS[role][0]]
    pages |= {
        "candidate list": reverse("candidacy-list"),
        "candidate list by unit": f"{reverse('candidacy-list')}?unit={top.pk}",
        "candidate list by name": f"{reverse('candidacy-list')}?q=ngoc+huong",
        "unit picker by name": f"{reverse('picker', args=['unit'])}?unit_q=chi+bo",
        "mentor picker by name": f"{reverse('picker', args=['mentor'])}?mentor_q=nguyen",
        "candidate page": reverse("candidacy-detail", args=[case.pk]),
        "to-do": reverse("todo"),
        "people list": reverse("person-list"),
        "people list by name": f"{reverse('person-list')}?q=ngoc+huong",
        "api candidacies": reverse("api-candidacy-list"),
        "api candidacies by unit": f"{reverse('api-candidacy-list')}?unit={top.pk}",
        "api people": reverse("api-person-list"),
        "api people by name": f"{reverse('api-person-list')}?q=ngoc+huong",
        "api mentors": reverse("api-candidacy-mentors", args=[case.pk]),
        "api documents": reverse("api-candidacy-documents", args=[case.pk]),
        "api history": reverse("api-candidacy-history", args=[case.pk]),
        "api transitions": reverse("api-candidacy-transitions", args=[case.pk]),
        "api verification": reverse("api-candidacy-verification", args=[case.pk]),
        "api forms": reverse("api-candidacy-forms", args=[case.pk]),
    }
    return pages


@dataclass(frozen=True)
class Count:
    small: int
    large: int
    statuses: tuple[int, int]
    sizes: tuple[int, int]  # response bytes: the large page shows more


def _open(client: Client, url: str) -> tuple[int, int, int]:
    cache.clear()  # throttles count requests in the cache; every page starts as a user's first
    client.get(url)  # warm the per-process caches (content types, unit kinds), as a running server has
    cache.clear()
    # "Last seen" is saved at most once a minute (partycell.signin.sessions): mark it now, so a slow machine
    # does not make the measured request the one that saves the session (3 more queries, either tree).
    session = client.session
    session[SEEN] = int(time.time())
    session.save()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response.status_code, len(response.content)


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker) -> Iterator[dict[tuple[str, str], Count]]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield _measure()
        transaction.set_rollback(True)


def _measure() -> dict[tuple[str, str], Count]:
    admin = UserFactory(username="qc_admin", is_superuser=True, is_staff=True)
    tree = Tree(province=make_unit("province_committee", name="Tỉnh ủy Thử"))
    _add_commune(tree, admin, 1)
    tree.case = Candidacy.objects.filter(cell=tree.cells[0], stage=Stage.PROBATIONARY).first()
    VerificationRequestFactory(subject=VerificationSubjectFactory(candidacy=tree.case, relation=Relation.FATHER))
    _add_note(tree.case, datetime.date(2026, 1, 2))
    today = timezone.localdate()
    period = PeriodFactory(kind=PeriodKind.YEAR, starts_on=today.replace(month=1, day=1),
                           ends_on=today.replace(month=12, day=31))  # fmt: skip
    TargetFactory(unit=tree.province, period=period, number=50)
    users = {name: UserFactory(username=f"qc_{name}") for name in ROLES}
    assign_role(users["secretary"], Role.CELL_SECRETARY, tree.cells[0])
    assign_role(users["commune_staff"], Role.GRASSROOTS_STAFF, tree.communes[0])
    assign_role(users["auditor"], Role.BOARD_STAFF, tree.province)
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)

    def measure_all() -> dict[tuple[str, str], tuple[int, int, int]]:
        return {
            (role, page): _open(clients[role], url)
            for role in ROLES
            for page, url in _pages(tree, role, period.pk).items()
        }

    small = measure_all()
    _grow(tree, admin)
    large = measure_all()
    return {
        key: Count(small[key][0], large[key][0], (small[key][1], large[key][1]), (small[key][2], large[key][2]))
        for key in small
    }


PAGES = [
    "candidate list", "candidate list by unit", "candidate list by name", "unit picker by name",
    "mentor picker by name", "candidate page", "to-do", "people list",
    "people list by name", "api candidacies", "api candidacies by unit", "api people", "api people by name",
    "api mentors", "api documents", "api history", "api transitions", "api verification", "api forms",
]  # fmt: skip
CASES = [
    (role, page)
    for role in ROLES
    for page in [*(f"{name} {level}" for name in ("dashboard", "compliance") for level in LEVELS[role]), *PAGES]
]


def test_the_pages_listed_are_the_pages_measured(counts):
    for key, c in sorted(counts.items()):
        print("COUNT", key, c.small, c.large, c.sizes)
    assert sorted(counts) == sorted(CASES)


@pytest.mark.parametrize(("role", "page"), CASES, ids=[f"{role}: {page}" for role, page in CASES])
def test_page_runs_as_many_queries_on_a_large_tree_as_on_a_small_one(counts, role, page):
    count = counts[(role, page)]

    assert count.statuses == (200, 200)
    assert count.large == count.small, f"{count.small} queries on the small tree, {count.large} on the large one"

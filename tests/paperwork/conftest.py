"""A case walked through the whole procedure in cell A (tests/walk.py), for the forms to be filled from."""

import pytest

from tests.factories import MembershipFactory, PersonFactory
from tests.walk import D, ServiceWalk, at
from workflows.services import candidacy_create

CANDIDATE = "Đỗ Minh Khoa"


@pytest.fixture
def roll_a(tree):
    return [MembershipFactory(cell=tree.cell_a, person=PersonFactory(unit=tree.cell_a, full_name=name))
            for name in ("Trần Thị Lan", "Lê Văn Hùng", "Phạm Thu Hà", "Vũ Đức Anh", "Ngô Thị Mai",
                         "Bùi Quang Huy", "Đặng Văn Nam")]  # fmt: skip


@pytest.fixture
def case_walk(tree, secretary, grassroots_staff, commune_standing, roll_a):
    secretary.last_name, secretary.first_name = "Nguyễn Thị", "Hồng"
    secretary.save()
    with at(D(2025, 9, 1)):
        candidacy = candidacy_create(
            actor=secretary, cell=tree.cell_a,
            person=PersonFactory(unit=tree.cell_a, full_name=CANDIDATE, residence="Tổ 5, phường Phan Đình Phùng"),
        )  # fmt: skip
    return ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll_a[:2])  # fmt: skip


@pytest.fixture
def official(case_walk):
    """The case recognised as an official member: every form has its data."""
    return case_walk.through("recognition_decide")

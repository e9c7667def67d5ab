"""Workflow personas on top of the shared tree (tests/conftest.py).

Cell A sits under a grassroots committee under the commune: cell -> grassroots committee (8-KNĐ)
-> commune standing committee decides (9-KNĐ). Cell C is a grassroots cell directly under the commune.
"""

import pytest
from django.utils import translation

from tests.factories import MembershipFactory, Role, UserFactory, assign_role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Personas are created in almost every test; PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted by their English msgids; the default language is Vietnamese.
    with translation.override("en"):
        yield


@pytest.fixture
def secretary_c(tree):
    user = UserFactory(username="bithu_c")
    assign_role(user, Role.CELL_SECRETARY, tree.cell_c)
    return user


@pytest.fixture
def roll_a(tree):
    """Seven official members in cell A (the roll a cell vote counts)."""
    return [MembershipFactory(cell=tree.cell_a) for _ in range(7)]

"""Shared fixtures: a small tree and healthchecks-style personas.

Tree: province > commune > grassroots committee > cell A, cell B; commune > grassroots cell C.
Personas: the secretary and a committee member of cell A, grassroots staff of the grassroots
committee, a commune staff member (grassroots staff at the commune), a commune standing member,
an auditor (board staff at the province) and an outsider with no role.
"""

from types import SimpleNamespace

import pytest

from tests.factories import Role, UserFactory, assign_role, make_unit


@pytest.fixture
def tree(db):
    province = make_unit("province_committee", name="Tỉnh ủy Thái Nguyên")
    commune = make_unit("commune_committee", parent=province, name="Đảng ủy phường Phan Đình Phùng")
    grassroots = make_unit("grassroots_committee", parent=commune, name="Đảng ủy Trường THPT Chu Văn An")
    cell_a = make_unit("subordinate_cell", parent=grassroots, name="Chi bộ Giáo viên 1")
    cell_b = make_unit("subordinate_cell", parent=grassroots, name="Chi bộ Giáo viên 2")
    cell_c = make_unit("grassroots_cell", parent=commune, name="Chi bộ Tổ dân phố 5", is_residential=True)
    other_commune = make_unit("commune_committee", parent=province, name="Đảng ủy xã Đại Phúc")
    other_cell = make_unit("grassroots_cell", parent=other_commune, name="Chi bộ Xóm Đông")
    return SimpleNamespace(
        province=province, commune=commune, grassroots=grassroots, cell_a=cell_a, cell_b=cell_b,
        cell_c=cell_c, other_commune=other_commune, other_cell=other_cell,
    )


@pytest.fixture
def secretary(tree):
    user = UserFactory(username="bithu_a")
    assign_role(user, Role.CELL_SECRETARY, tree.cell_a)
    return user


@pytest.fixture
def commune_staff(tree):
    user = UserFactory(username="canbo_xa")
    assign_role(user, Role.GRASSROOTS_STAFF, tree.commune)
    return user


@pytest.fixture
def cell_committee_member(tree):
    user = UserFactory(username="chiuy_a")
    assign_role(user, Role.CELL_COMMITTEE, tree.cell_a)
    return user


@pytest.fixture
def grassroots_staff(tree):
    user = UserFactory(username="canbo_dangbo")
    assign_role(user, Role.GRASSROOTS_STAFF, tree.grassroots)
    return user


@pytest.fixture
def commune_standing(tree):
    user = UserFactory(username="thuongvu_xa")
    assign_role(user, Role.COMMUNE_STANDING, tree.commune)
    return user


@pytest.fixture
def auditor(tree):
    user = UserFactory(username="kiemtra_tinh")
    assign_role(user, Role.BOARD_STAFF, tree.province)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="nguoi_ngoai")


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level messages are asserted in English (the msgids); tests of the Vietnamese UI
    override the language explicitly or go through a request, where LocaleMiddleware picks it."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 made user factories dominate the suite's run time; tests do not need slow hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A "replica" alias that mirrors the default test database (Django's TEST MIRROR), as a
    streaming replica would in production; routed to only where a test sets READ_REPLICA_ALIAS."""
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        settings.DATABASES["replica"] = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}


@pytest.fixture(autouse=True)
def _replica_session_closed():
    """The "replica" mirror is a second session on the test database (the health check and the dashboards
    open it): left open with CONN_MAX_AGE, the test database cannot be dropped at the end of the run."""
    yield
    from django.conf import settings
    from django.db import connections

    if "replica" in settings.DATABASES:  # added with the test database: absent when no test needed one
        connections["replica"].close()


@pytest.fixture(autouse=True)
def _sessions_outlast_time_travel(settings):
    """Tests travel months through the procedure between two requests of one signed-in client; the
    idle timeout and absolute session lifetime (tests/signin/test_sessions.py sets them back) would
    sign the client out on the way."""
    import datetime

    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(days=3650)
    settings.SESSION_COOKIE_AGE = 3650 * 24 * 60 * 60

"""Name search without diacritics, answered from a trigram index on PostgreSQL and by a scan on SQLite:
the same people either way."""

import pytest
from django.db import connection

from partycell.organisations.models import Unit
from partycell.people.models import Person
from tests.factories import PersonFactory

NAMES = ["Nguyễn Thị Ngọc Hương", "Nguyễn Ngọc Hưởng", "Trần Văn Đức", "Đỗ Thị Hạnh", "Lê Hương Ngọc", "Phạm Duc Anh"]


@pytest.fixture
def people(tree):
    return {name: PersonFactory(full_name=name, unit=tree.cell_a) for name in NAMES}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ngoc huong", ["Nguyễn Ngọc Hưởng", "Nguyễn Thị Ngọc Hương"]),
        ("NGỌC HƯƠNG", ["Nguyễn Ngọc Hưởng", "Nguyễn Thị Ngọc Hương"]),
        ("ngoc hu", ["Nguyễn Ngọc Hưởng", "Nguyễn Thị Ngọc Hương"]),
        ("huong ngoc", ["Lê Hương Ngọc"]),
        ("duc", ["Phạm Duc Anh", "Trần Văn Đức"]),
        ("đức", ["Phạm Duc Anh", "Trần Văn Đức"]),
        ("Ngo\u0323c", ["Lê Hương Ngọc", "Nguyễn Ngọc Hưởng", "Nguyễn Thị Ngọc Hương"]),  # NFD input
        ("ha\u200bnh", ["Đỗ Thị Hạnh"]),  # a zero-width space pasted in
        ("%", []),
        ("_", []),
        ("nguyen   thi", ["Nguyễn Thị Ngọc Hương"]),
        ("xyz", []),
    ],
)
def test_name_search_finds_the_same_people_on_every_database(people, text, found):
    assert sorted(Person.objects.search(text).values_list("full_name", flat=True)) == found


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"] and not info["primary_key"]
        }


def test_name_search_key_has_a_trigram_index_on_postgresql_only(people):
    person_indexes, unit_indexes = _indexes(Person._meta.db_table), _indexes(Unit._meta.db_table)
    if connection.vendor != "postgresql":
        assert "person_search_name_trgm" not in person_indexes and "unit_search_name_trgm" not in unit_indexes
        return
    assert {"person_search_name_trgm"} <= person_indexes and {"unit_search_name_trgm"} <= unit_indexes
    query = Person.objects.search("ngoc huong")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny, and the name order has its own index: ask the planner which index can
        # answer the LIKE itself (a bitmap scan), as it does on a province's table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_search_name_trgm" in plan, plan

"""A migration operation: a pg_trgm GIN index on a search key, so that a ``contains`` lookup (SQL
``LIKE '%text%'``) is answered from an index on PostgreSQL instead of a scan of the table.

Created on PostgreSQL only (with the ``pg_trgm`` extension, trusted since PostgreSQL 13, so the
database owner may create it); on any other database (SQLite in development and tests) it does
nothing, and the search gives the same answers by scanning. The model state never lists the index:
it is the database's business, like the append-only triggers.
"""

from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState


class TrigramIndex(Operation):
    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, field_name: str, name: str) -> None:
        self.model_name = model_name
        self.field_name = field_name
        self.name = name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"model_name": self.model_name, "field_name": self.field_name, "name": self.name}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # not part of the model state

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        column = model._meta.get_field(self.field_name).column
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.name)} ON {quote(model._meta.db_table)} "
            f"USING gin ({quote(column)} gin_trgm_ops)"
        )

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self) -> str:
        return f"Trigram index {self.name} on {self.model_name}.{self.field_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_{self.field_name}_trigram"

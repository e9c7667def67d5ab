"""The unit picker's name search on an index on PostgreSQL (a pg_trgm GIN index on ``search_name``);
nothing on SQLite."""

from django.db import migrations

from partycell.people.trigram import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [("organisations", "0007_unit_search_name")]

    operations = [TrigramIndex(model_name="unit", field_name="search_name", name="unit_search_name_trgm")]

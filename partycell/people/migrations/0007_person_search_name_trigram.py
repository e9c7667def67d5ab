"""Name search on an index on PostgreSQL: a pg_trgm GIN index on ``search_name``, the folded name that
``Person.objects.search`` matches with ``contains`` (``LIKE '%nguyen van%'``). Nothing on SQLite."""

from django.db import migrations

from partycell.people.trigram import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [("people", "0006_party_card")]

    operations = [TrigramIndex(model_name="person", field_name="search_name", name="person_search_name_trgm")]

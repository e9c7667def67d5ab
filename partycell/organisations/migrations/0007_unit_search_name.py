"""Units gain ``search_name``, the diacritic-free lower-case name the unit picker searches; existing
units get theirs here."""

from django.db import migrations

import partycell.organisations.models
from partycell.people.vietnamese import fold

BATCH = 2000


def backfill(apps, schema_editor):
    Unit = apps.get_model("organisations", "Unit")
    units = []
    for unit in Unit.objects.only("id", "name").iterator(chunk_size=BATCH):
        unit.search_name = fold(unit.name)
        units.append(unit)
        if len(units) == BATCH:
            Unit.objects.bulk_update(units, ["search_name"])
            units = []
    Unit.objects.bulk_update(units, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0006_unitkind_requires_second_factor")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="search_name",
            field=partycell.organisations.models.SearchKeyField(default="", max_length=255, source="name"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]

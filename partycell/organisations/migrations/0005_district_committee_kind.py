"""The district-level committee of the tree before 1 July 2025 (domain.md 3.1), so a tree can be
recorded as it was: the direct superior committee of the grassroots organisations, whose standing
committee decided admissions. Its flags are those of a direct superior committee (upper-grassroots);
it is dissolved, with a recorded decision, where the reform ended it."""

from django.db import migrations


def seed(apps, schema_editor):
    UnitKind = apps.get_model("organisations", "UnitKind")
    UnitKind.objects.update_or_create(
        code="district_committee",
        defaults={
            "name": "Huyện ủy / Quận ủy / Thị ủy / Thành ủy thuộc tỉnh (đến 30/06/2025)",
            "is_cell": False,
            "is_grassroots": False,
            "is_partial_committee": False,
            "is_upper_grassroots": True,
            "is_provincial": False,
            "position": 1,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_organisation_history")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

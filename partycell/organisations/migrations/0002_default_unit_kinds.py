"""Seed the unit kinds of the two-level system in force since 1 July 2025. Administrators may add more."""

from django.db import migrations

DEFAULT_KINDS = [
    # code, name, is_cell, is_grassroots, is_partial, is_upper_grassroots, is_provincial
    ("province_committee", "Tỉnh ủy / Thành ủy", False, False, False, False, True),
    ("commune_committee", "Đảng ủy xã / phường / đặc khu", False, False, False, True, False),
    ("upper_grassroots_committee", "Đảng ủy cấp trên cơ sở (cơ quan, doanh nghiệp)", False, False, False, True, False),
    ("grassroots_committee", "Đảng ủy cơ sở", False, True, False, False, False),
    ("partial_committee", "Đảng ủy bộ phận", False, False, True, False, False),
    ("grassroots_cell", "Chi bộ cơ sở", True, True, False, False, False),
    ("subordinate_cell", "Chi bộ trực thuộc", True, False, False, False, False),
]


def add_kinds(apps, schema_editor):
    UnitKind = apps.get_model("organisations", "UnitKind")
    for position, (code, name, is_cell, grassroots, partial, upper, provincial) in enumerate(DEFAULT_KINDS):
        UnitKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "is_cell": is_cell,
                "is_grassroots": grassroots,
                "is_partial_committee": partial,
                "is_upper_grassroots": upper,
                "is_provincial": provincial,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]

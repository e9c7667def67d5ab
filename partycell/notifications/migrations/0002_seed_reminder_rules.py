"""Seed one reminder rule per kind. Administrators change the lead times and months in the admin."""

from django.db import migrations

# kind, lead times (working days), months
DEFAULT_RULES = [
    ("upcoming_deadline", "10,3,1", None),
    ("overdue", "1,10", None),
    # About one month ahead: 22 working days is 30 calendar days outside Tết.
    ("probation_ending", "22", None),
    # domain.md A12: introduction, organisation resolution and comments summary go stale after 12 months.
    ("stale_file", "20,5", 12),
    # domain.md A4/A12: the party-awareness class certificate is valid 60 months.
    ("stale_certificate", "20,5", 60),
    ("no_movement", "0", 6),
]


def seed(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for kind, lead_times, months in DEFAULT_RULES:
        ReminderRule.objects.get_or_create(kind=kind, defaults={"lead_times": lead_times, "months": months})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Unit kinds gain ``requires_second_factor``; the seed sets it for communes and above.

"Communes and above" is read from the kinds' own attributes (upper-grassroots committees, i.e.
communes, wards and special zones, and committees directly under the Centre), never from a code or
a level: an administrator may set it on any kind afterwards.
"""

from django.db import migrations, models


def seed(apps, schema_editor):
    UnitKind = apps.get_model("organisations", "UnitKind")
    UnitKind.objects.filter(models.Q(is_upper_grassroots=True) | models.Q(is_provincial=True)).update(
        requires_second_factor=True
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_district_committee_kind")]
    operations = [
        migrations.AddField(
            model_name="unitkind",
            name="requires_second_factor",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Users with a role on a unit of this kind must sign in with a one-time code from an "
                    "authenticator app (in production)."
                ),
                verbose_name="roles here require a second factor",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]

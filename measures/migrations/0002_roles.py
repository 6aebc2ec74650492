"""The secretariat edits every measures model; the coordination group reads the
internal follow-up notes."""

from django.db import migrations

from core.roles import COORDINATION_GROUP, SECRETARIAT, editing, grant

CONTENT = [
    "agreementperiod", "budgetline", "followupnote", "goal", "indicator", "measure",
    "measuresection", "organisation", "responsibility", "sourcedocument",
]  # fmt: skip


def forwards(apps, schema_editor):
    grant(apps, SECRETARIAT, "measures", editing(*CONTENT))
    grant(apps, COORDINATION_GROUP, "measures", ["view_followupnote"])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

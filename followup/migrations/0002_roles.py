"""The secretariat edits the follow-up items, their quotes and notes and reads
the log (which only saving an item adds to); the coordination group reads the
notes."""

from django.db import migrations

from core.roles import COORDINATION_GROUP, SECRETARIAT, editing, grant


def forwards(apps, schema_editor):
    grant(
        apps,
        SECRETARIAT,
        "followup",
        [*editing("followupitem", "itemquote", "itemnote"), "view_itemevent"],
    )
    grant(apps, COORDINATION_GROUP, "followup", ["view_itemnote"])


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

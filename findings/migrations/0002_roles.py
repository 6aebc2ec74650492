"""The secretariat edits statements, evaluations and lead-ins and sees drafts."""

from django.db import migrations

from core.roles import SECRETARIAT, editing, grant


def forwards(apps, schema_editor):
    grant(apps, SECRETARIAT, "findings", [*editing("evaluation", "leadin", "statement"), "view_drafts"])


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

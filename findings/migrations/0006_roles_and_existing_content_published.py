"""Content that existed before drafts was public, so it stays published; the
Koordineringsgruppen group is created and Sekretariat may see drafts and
write internal notes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "Sekretariat"
COORDINATION_GROUP = "Koordineringsgruppen"
SECRETARIAT_EXTRA = [
    ("findings", "view_drafts"),
    ("measures", "add_followupnote"),
    ("measures", "change_followupnote"),
    ("measures", "view_followupnote"),
]
COORDINATION_GROUP_PERMISSIONS = [("measures", "view_followupnote")]


def forwards(apps, schema_editor):
    for model in [("findings", "Statement"), ("findings", "Evaluation"), ("measures", "BudgetLine")]:
        apps.get_model(*model).objects.update(publication="published")
    # The historical app config lacks models_module, which create_permissions checks.
    for app_label in ("findings", "measures"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    grant(apps, SECRETARIAT, SECRETARIAT_EXTRA)
    grant(apps, COORDINATION_GROUP, COORDINATION_GROUP_PERMISSIONS)


def grant(apps, group_name, permissions):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in permissions:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COORDINATION_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0005_publication"),
        ("measures", "0005_publication_and_notes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

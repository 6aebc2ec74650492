from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Sekretariat"
CONTENT_MODELS = {
    "measures": [
        "agreementperiod", "budgetline", "goal", "indicator", "measure",
        "measuresection", "organisation", "responsibility", "sourcedocument",
    ],
    "findings": ["evaluation", "statement"],
}  # fmt: skip


def create_secretariat_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    # The historical app config lacks models_module, which create_permissions checks.
    for app_label in CONTENT_MODELS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, models in CONTENT_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ("add", "change", "view")]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


def remove_secretariat_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0001_initial"),
        ("measures", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_secretariat_group, remove_secretariat_group)]

"""The two groups the portal's roles rest on, and a helper for the data
migrations that give each app's permissions to them."""

from django.contrib.auth.management import create_permissions

SECRETARIAT = "Sekretariat"
COORDINATION_GROUP = "Koordineringsgruppen"


def grant(apps, group_name, app_label, codenames):
    """Give `group_name` the permissions `codenames` of `app_label`, creating the
    group, and the permissions (normally made after all migrations), as needed.
    Works with a migration's app registry and with the project's own."""
    app_config = apps.get_app_config(app_label)
    if getattr(app_config, "models_module", None) is None:
        # A migration's historical app config lacks models_module, which
        # create_permissions checks.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    else:
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"Ukjente rettigheter i {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)


def editing(*model_names):
    """Codenames to add, change, delete and view each model."""
    actions = ("add", "change", "delete", "view")
    return [f"{action}_{model}" for model in model_names for action in actions]

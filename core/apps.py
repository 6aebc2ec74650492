from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class CoreConfig(AppConfig):
    """The shared kernel both apps build on: base models, partial dates, formatting,
    access rules, admin base classes and template filters. It has no models of its
    own and imports neither app."""

    name = "core"
    verbose_name = "Felles"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .retention import remove_old_login_records

        user_logged_in.connect(remove_old_login_records, dispatch_uid="core-login-retention")

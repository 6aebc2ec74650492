from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The shared kernel both apps build on: base models, partial dates, formatting,
    access rules, admin base classes, template filters and the page cache. Its only
    table is the content version counter (core.content_version); it imports no app."""

    name = "core"
    verbose_name = "Felles"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            content_version,
        )
        from .retention import remove_old_login_records

        user_logged_in.connect(remove_old_login_records, dispatch_uid="core-login-retention")
        # Sent once per app by migrate and flush; once is enough.
        post_migrate.connect(
            content_version.bump_after_flush_or_migrate,
            sender=self,
            dispatch_uid="version-after-flush-or-migrate",
        )

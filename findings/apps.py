from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite's lower() and LIKE fold ASCII only; search needs æ, ø, å folded too."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "ia_casefold", 1, lambda text: text.casefold() if text else text, deterministic=True
        )


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Funn og evalueringer"

    def ready(self):
        connection_created.connect(register_sqlite_functions)

        from core import content_version

        from . import models

        # Every content model moves the version cached pages are keyed on.
        content_version.watch(models.Statement, models.Evaluation, models.LeadIn)

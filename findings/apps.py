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

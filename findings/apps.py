from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """SQLite's lower() and LIKE fold ASCII only; search needs æ, ø, å folded too."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "ia_casefold", 1, lambda text: text.casefold() if text else text, deterministic=True
        )


def name_link_tables_in_norwegian(app_config):
    """Django names the table behind a many-to-many field in English and shows it
    in the admin: «Statement-measure-relasjon: Statement_measures object (9)» on a
    measure's links and in what a delete takes with it. Name them from the models'
    own Norwegian names instead. (No migration: these tables are Django's own.)"""
    for model in app_config.get_models():
        for field in model._meta.local_many_to_many:
            link = field.remote_field.through
            if not link._meta.auto_created:
                continue
            source, target = model._meta, field.related_model._meta
            link._meta.verbose_name = (
                f"kobling mellom {source.verbose_name} og {target.verbose_name}"
            )
            link._meta.verbose_name_plural = (
                f"koblinger mellom {source.verbose_name_plural} og {target.verbose_name_plural}"
            )
            source_end = link._meta.get_field(field.m2m_field_name())
            target_end = link._meta.get_field(field.m2m_reverse_field_name())
            source_end.verbose_name = source.verbose_name
            target_end.verbose_name = target.verbose_name
            link.__str__ = _link_name(source_end.name, target_end.name)


def _link_name(source_end, target_end):
    def __str__(link):
        return f"{getattr(link, source_end)} – {getattr(link, target_end)}"

    return __str__


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Funn og evalueringer"

    def ready(self):
        connection_created.connect(register_sqlite_functions)
        name_link_tables_in_norwegian(self)

        from core import content_version

        # Every content model moves the version cached pages are keyed on.
        content_version.watch_app(self)

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel both apps build on: base models, partial dates, formatting,
    access rules, admin base classes and template filters. It has no models of its
    own and imports neither app."""

    name = "core"
    verbose_name = "Felles"

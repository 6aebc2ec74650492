from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Virkemidler og økonomi"

    def ready(self):
        from core import content_version

        # Every content model moves the version cached pages are keyed on.
        content_version.watch_app(self)

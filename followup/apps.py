from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Oppfølging av anbefalinger"

    def ready(self):
        from core import content_version

        # Every follow-up model (items, quotes, the log, notes) moves the version
        # cached pages are keyed on.
        content_version.watch_app(self)

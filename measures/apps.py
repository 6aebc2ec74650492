from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Virkemidler og økonomi"

    def ready(self):
        from core import content_version

        from . import models

        # Every content model moves the version cached pages are keyed on.
        content_version.watch(
            models.SourceDocument,
            models.Organisation,
            models.Measure,
            models.MeasureSection,
            models.Responsibility,
            models.BudgetLine,
            models.AgreementPeriod,
            models.Goal,
            models.Indicator,
            models.FollowUpNote,
        )

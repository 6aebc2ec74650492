from django.db import models

from core.models import KeyedManager, KeyedModel, KeyedQuerySet, Sourced, edit_history


def current_period():
    """The id of the latest agreement period: where new content belongs unless
    someone chooses another. None before any period exists."""
    latest = AgreementPeriod.objects.order_by("-start_year", "-pk")
    return latest.values_list("pk", flat=True).first()


def period_field(related_name, help_text):
    """The agreement period a row of content belongs to; new rows default to the latest."""
    return models.ForeignKey(
        "measures.AgreementPeriod",
        verbose_name="avtaleperiode",
        on_delete=models.PROTECT,
        default=current_period,
        related_name=related_name,
        help_text=help_text,
    )


class AgreementPeriodQuerySet(KeyedQuerySet):
    def with_measures(self):
        """Periods that hold at least one measure: the ones a filter offers, so
        a period with only goals and figures (the agreement before) adds no choice."""
        from .measures import Measure

        return self.filter(models.Exists(Measure.objects.filter(period=models.OuterRef("pk"))))


class AgreementPeriod(KeyedModel):
    name = models.CharField("navn", max_length=200, help_text="F.eks. «IA-avtalen 2019–2022».")
    start_year = models.PositiveSmallIntegerField("fra år", help_text="Første år avtalen gjelder.")
    end_year = models.PositiveSmallIntegerField("til år", help_text="Siste år avtalen gjelder.")
    signed_on = models.DateField(
        "signert",
        null=True,
        blank=True,
        help_text="Datoen avtalen ble signert, der kilden oppgir den.",
    )

    objects = KeyedManager.from_queryset(AgreementPeriodQuerySet)()

    history = edit_history()

    class Meta:
        verbose_name = "avtaleperiode"
        verbose_name_plural = "avtaleperioder"
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="agreementperiod_years_in_order",
            )
        ]

    def __str__(self):
        return self.name


class Goal(KeyedModel, Sourced):
    period = models.ForeignKey(
        AgreementPeriod,
        verbose_name="avtaleperiode",
        on_delete=models.CASCADE,
        related_name="goals",
        help_text="Avtalen målet hører til.",
    )
    name = models.CharField(
        "kort navn", max_length=120, help_text="Kort navn til lister, f.eks. «Redusert sykefravær»."
    )
    text = models.TextField("tekst", help_text="Ordrett fra kilden.")

    history = edit_history()

    class Meta:
        verbose_name = "mål"
        verbose_name_plural = "mål"
        ordering = ["period_id", "source_id", "line", "position"]

    def __str__(self):
        return self.name


class Indicator(KeyedModel, Sourced):
    """A figure the sources give for the agreement's goals, e.g. sickness absence."""

    period = models.ForeignKey(
        AgreementPeriod,
        verbose_name="avtaleperiode",
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text="Avtalen tallet hører til.",
    )
    name = models.CharField(
        "indikator", max_length=200, help_text="Hva som måles, f.eks. «Justert sykefravær»."
    )
    year = models.PositiveSmallIntegerField("år", help_text="Året tallet gjelder.")
    value = models.DecimalField(
        "verdi",
        max_digits=12,
        decimal_places=2,
        help_text="Tallet slik kilden oppgir det, med punktum som desimaltegn.",
    )
    unit = models.CharField("enhet", max_length=30, help_text="F.eks. «prosent».")
    source_text = models.TextField("kildetekst", help_text="Ordrett fra kilden.")

    history = edit_history()

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"
        ordering = ["name", "year"]

    def __str__(self):
        return f"{self.name} {self.year}"

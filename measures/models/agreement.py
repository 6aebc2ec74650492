from django.db import models

from .base import KeyedModel, Sourced, edit_history


class AgreementPeriod(KeyedModel):
    name = models.CharField("navn", max_length=200)
    start_year = models.PositiveSmallIntegerField("fra år")
    end_year = models.PositiveSmallIntegerField("til år")
    signed_on = models.DateField("signert", null=True, blank=True)

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
    )
    name = models.CharField("kort navn", max_length=120)
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
    )
    name = models.CharField("indikator", max_length=200)
    year = models.PositiveSmallIntegerField("år")
    value = models.DecimalField("verdi", max_digits=12, decimal_places=2)
    unit = models.CharField("enhet", max_length=30, help_text="F.eks. «prosent».")
    source_text = models.TextField("kildetekst", help_text="Ordrett fra kilden.")

    history = edit_history()

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"
        ordering = ["name", "year"]

    def __str__(self):
        return f"{self.name} {self.year}"

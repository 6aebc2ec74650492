from django.db import models

from core.links import url_for_key
from core.models import KeyedModel, edit_history
from core.partial_dates import Precision, format_partial_date


class SourceDocument(KeyedModel):
    title = models.CharField("tittel", max_length=300, help_text="Dokumentets tittel.")
    short_title = models.CharField(
        "kort tittel", max_length=100, help_text="Brukes i kildehenvisninger."
    )
    author = models.CharField(
        "forfatter/utgiver",
        max_length=300,
        help_text="Som kilden selv oppgir det.",
    )
    published = models.DateField(
        "dato",
        null=True,
        blank=True,
        help_text="Første dag i perioden når kilden ikke oppgir dagen.",
    )
    published_precision = models.CharField(
        "datopresisjon",
        max_length=10,
        choices=Precision,
        blank=True,
        help_text="Hvor presist datoen er kjent.",
    )
    description = models.TextField(
        "beskrivelse", blank=True, help_text="Kort om hva dokumentet er."
    )
    signature = models.TextField(
        "underskrift",
        blank=True,
        help_text="Sted, dato og hvem som har skrevet under, ordrett fra kilden.",
    )
    filename = models.CharField(
        "tekstfil",
        max_length=200,
        unique=True,
        help_text="Råteksten i data/sources/ som innholdet er hentet fra.",
    )

    history = edit_history()

    class Meta:
        verbose_name = "kildedokument"
        verbose_name_plural = "kildedokumenter"
        ordering = ["title"]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return url_for_key("findings:source", self.key)

    @property
    def published_display(self):
        return format_partial_date(self.published, self.published_precision)

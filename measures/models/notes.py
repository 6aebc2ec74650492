from django.conf import settings
from django.db import models

from .base import Versioned, edit_history


class FollowUpNote(Versioned):
    """The secretariat's internal note on a measure, for the coordination group only."""

    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name="virkemiddel",
        on_delete=models.CASCADE,
        related_name="follow_up_notes",
    )
    title = models.CharField("tittel", max_length=200)
    text = models.TextField("tekst")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="skrevet av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("sist endret", auto_now=True)

    history = edit_history()

    class Meta:
        verbose_name = "internt oppfølgingsnotat"
        verbose_name_plural = "interne oppfølgingsnotater"
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

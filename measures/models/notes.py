from django.conf import settings
from django.db import models

from core.models import ContentQuerySet, Versioned, edit_history


class FollowUpNote(Versioned):
    """The secretariat's internal note on a measure, for the coordination group only."""

    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name="virkemiddel",
        on_delete=models.CASCADE,
        related_name="follow_up_notes",
        help_text="Virkemiddelet notatet gjelder.",
    )
    title = models.CharField(
        "tittel", max_length=200, help_text="Vises som overskrift på virkemiddelets side."
    )
    text = models.TextField(
        "tekst", help_text="Internt: vises bare for koordineringsgruppen og sekretariatet."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="skrevet av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Settes automatisk til den som oppretter notatet.",
    )
    created_at = models.DateTimeField(
        "opprettet", auto_now_add=True, help_text="Settes automatisk."
    )
    updated_at = models.DateTimeField(
        "sist endret", auto_now=True, help_text="Settes automatisk ved hver lagring."
    )

    objects = ContentQuerySet.as_manager()

    history = edit_history()

    class Meta:
        verbose_name = "internt oppfølgingsnotat"
        verbose_name_plural = "interne oppfølgingsnotater"
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

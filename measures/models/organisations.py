from django.db import models

from core.models import KeyedModel, edit_history


class Organisation(KeyedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", "Departement"
        AGENCY = "agency", "Etat eller direktorat"
        EMPLOYER = "employer", "Arbeidsgiverorganisasjon"
        EMPLOYEE = "employee", "Arbeidstakerorganisasjon"
        RESEARCH = "research", "Evaluerings- og forskningsmiljø"
        BODY = "body", "Råd, utvalg eller organ i avtalen"
        OTHER = "other", "Annen virksomhet"

    name = models.CharField("navn", max_length=200, unique=True, help_text="Fullt navn.")
    short_name = models.CharField(
        "kortnavn", max_length=60, blank=True, help_text="F.eks. «NAV» eller «LO»."
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind,
        help_text="Departement, etat, partsorganisasjon, evaluator eller organ i avtalen.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="del av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="F.eks. NHO Mat og Drikke er del av NHO.",
    )

    history = edit_history()

    class Meta:
        verbose_name = "organisasjon"
        verbose_name_plural = "organisasjoner"
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def full_name(self):
        """The name with the short name after it, unless the name holds it already:
        «Statens arbeidsmiljøinstitutt (STAMI)», «Arbeids- og velferdsdirektoratet (NAV)»."""
        if not self.short_name or self.short_name in self.name:
            return self.name
        return f"{self.name} ({self.short_name})"

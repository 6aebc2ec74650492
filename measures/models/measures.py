import re

from django.core.exceptions import ValidationError
from django.db import models

from core.links import url_for_key
from core.models import KeyedModel, Sourced, edit_history

from .agreement import period_field

# A footnote as the source prints it: its number («3» or «[1]»), a space, its text.
FOOTNOTE_NUMBER = re.compile(r"^\s*\[?(\d{1,3})\]?\s+(.*)$", re.DOTALL)


class Measure(KeyedModel):
    """A virkemiddel, or a topic with its own note in the working group's document."""

    class Status(models.TextChoices):
        NEW = "new", "Nytt i avtalen"
        CONTINUED = "continued", "Videreført"
        REMOVED = "removed", "Tatt ut av avtalen"

    class FocusArea(models.TextChoices):
        PREVENTIVE = "preventive", "Forebyggende arbeidsmiljøarbeid"
        SICK_LEAVE = "sick_leave", "Lange og/eller hyppig gjentakende sykefravær"
        KNOWLEDGE = "knowledge", "Kunnskap og statistikk"
        ORGANISATION = "organisation", "Organisering av avtalen"

    name = models.CharField("navn", max_length=200, help_text="Navnet slik kilden skriver det.")
    short_name = models.CharField(
        "kortnavn",
        max_length=80,
        blank=True,
        help_text="Brukes i lister der plassen er liten, f.eks. «NALS».",
    )
    summary = models.TextField(
        "sammendrag",
        blank=True,
        help_text="Ordrett fra kildens innledning til virkemiddelet.",
    )
    status = models.CharField(
        "status i avtalen",
        max_length=20,
        choices=Status,
        help_text="Om virkemiddelet er nytt, videreført eller tatt ut av avtalen.",
    )
    focus_area = models.CharField(
        "innsatsområde",
        max_length=20,
        choices=FocusArea,
        help_text="Innsatsområdet i avtalen virkemiddelet hører til.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="del av",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="F.eks. hvert bransjeprogram er del av «Bransjeprogrammer».",
    )
    organisations = models.ManyToManyField(
        "measures.Organisation",
        through="measures.Responsibility",
        verbose_name="organisasjoner",
        related_name="measures",
    )
    regulation_title = models.CharField(
        "forskrift",
        max_length=300,
        blank=True,
        help_text="Forskriftens tittel, der virkemiddelet er regulert i forskrift.",
    )
    regulation_url = models.URLField(
        "Lovdata-lenke", blank=True, help_text="Lenke til forskriften på Lovdata."
    )
    position = models.PositiveSmallIntegerField(
        "rekkefølge", default=0, help_text="Rekkefølge i lister; kildens rekkefølge."
    )
    period = period_field("measures", "Avtalen virkemiddelet hører til.")
    continues = models.ForeignKey(
        "self",
        verbose_name="videreført fra",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_in",
        help_text="Samme virkemiddel i forrige avtaleperiode, når det er videreført. "
        "Siden viser da «Videreført fra» og «Videreført i» med lenker mellom versjonene.",
    )

    history = edit_history()

    class Meta:
        verbose_name = "virkemiddel"
        verbose_name_plural = "virkemidler"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        # A version continues one from an earlier agreement, never itself or a later one.
        previous = self.continues
        if previous is None or self.period_id is None:
            return  # a missing period is the period field's own error
        if previous.pk == self.pk or previous.period.start_year >= self.period.start_year:
            raise ValidationError(
                {"continues": "Velg virkemiddelet slik det var i en tidligere avtaleperiode."}
            )

    def get_absolute_url(self):
        return url_for_key("findings:measure", self.key)

    @property
    def display_name(self):
        return self.short_name or self.name


class Responsibility(KeyedModel):
    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", "Ansvarlig"
        LEAD = "lead", "Leder"
        ADMINISTERS = "administers", "Forvalter"
        SECRETARIAT = "secretariat", "Sekretariat"
        PARTICIPANT = "participant", "Deltaker"

    measure = models.ForeignKey(
        Measure,
        verbose_name="virkemiddel",
        on_delete=models.CASCADE,
        related_name="responsibilities",
        help_text="Virkemiddelet ansvaret gjelder.",
    )
    organisation = models.ForeignKey(
        "measures.Organisation",
        verbose_name="organisasjon",
        on_delete=models.PROTECT,
        related_name="responsibilities",
        help_text="Organisasjonen som har rollen.",
    )
    role = models.CharField(
        "rolle",
        max_length=20,
        choices=Role,
        help_text="Ansvarlig, leder, forvalter, sekretariat eller deltaker.",
    )

    history = edit_history()

    class Meta:
        verbose_name = "ansvar"
        verbose_name_plural = "ansvar"
        ordering = ["measure_id", "role", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organisation", "role"],
                name="responsibility_unique_role",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_role_display().lower()} for {self.measure}"


class MeasureSection(KeyedModel, Sourced):
    """A descriptive passage of a measure's note: overview, organisation, activities."""

    class Kind(models.TextChoices):
        OVERVIEW = "overview", "Overordnet"
        ORGANISATION = "organisation", "Organisering"
        ACTIVITIES = "activities", "Aktiviteter og økonomisk ramme"
        DEVELOPMENT = "development", "Utviklingstiltak"
        EVALUATIONS = "evaluations", "Evalueringer"
        OTHER = "other", "Annet"
        # A footnote at the foot of a page: shown with the description whose
        # marker it explains, never as a description of its own.
        FOOTNOTE = "footnote", "Fotnote"

    measure = models.ForeignKey(
        Measure,
        verbose_name="virkemiddel",
        on_delete=models.CASCADE,
        related_name="sections",
        help_text="Virkemiddelet beskrivelsen hører til.",
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind,
        help_text="Hvilken del av notatet: overordnet, organisering, aktiviteter … "
        "«Fotnote» for en fotnote fra sidens fot; den vises under beskrivelsen med samme "
        "fotnotemerke.",
    )
    heading = models.CharField(
        "overskrift", max_length=300, help_text="Overskriften slik kilden skriver den."
    )
    text = models.TextField(
        "tekst",
        help_text="Ordrett fra kilden. Avsnitt skilles med tom linje, punkter starter med «• ».",
    )

    history = edit_history()

    class Meta:
        verbose_name = "beskrivelse"
        verbose_name_plural = "beskrivelser"
        ordering = ["source_id", "line", "position"]

    def __str__(self):
        return f"{self.measure}: {self.heading}"

    @property
    def footnote_number(self):
        """The number a footnote starts with («3 Jf. …», «[1] IA-avtalen …»), or ""."""
        match = FOOTNOTE_NUMBER.match(self.text)
        return match.group(1) if match else ""

    @property
    def footnote_text(self):
        """A footnote's text after its number."""
        match = FOOTNOTE_NUMBER.match(self.text)
        return match.group(2) if match else self.text

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.models import (
    KeyedManager,
    KeyedModel,
    KeyedQuerySet,
    Publishable,
    PublishableQuerySet,
    Sourced,
    edit_history,
)
from core.partial_dates import (
    Precision,
    format_partial_date,
    period_end,
    validate_partial_date,
)
from measures.models.agreement import period_field


class StatementQuerySet(PublishableQuerySet):
    def for_listing(self):
        """What a list of statements shows: source, named voice, lead-in and measures."""
        return self.select_related("source", "voice_organisation", "lead_in").prefetch_related(
            models.Prefetch("measures", queryset=_measure_names())
        )


class EvaluationQuerySet(PublishableQuerySet):
    def for_listing(self):
        return self.select_related("source", "commissioned_by").prefetch_related(
            models.Prefetch("measures", queryset=_measure_names()),
            "evaluators",
        )

    def pending(self):
        return self.exclude(status=Evaluation.Status.DELIVERED)

    def in_date_order(self):
        """By the date a reader sees (delivered, else due), earliest first and the
        undated last on every database, then by title."""
        return self.order_by(Coalesce("delivered_on", "due").asc(nulls_last=True), "title")


class LeadInQuerySet(KeyedQuerySet):
    def visible_to(self, user):
        """A lead-in has no status of its own: it shows when one of its bullets does."""
        bullets = Statement.objects.visible_to(user).filter(lead_in=models.OuterRef("pk"))
        return self.filter(models.Exists(bullets))


def _measure_names():
    from measures.models import Measure

    return Measure.objects.only("key", "name", "short_name", "position").order_by("position")


class LeadIn(KeyedModel, Sourced):
    """The sentence that introduces a bullet list, e.g. «Arbeidsgruppen vurderer at
    følgende forhold bør ses nærmere på:». Not a statement of its own: it is shown
    with its bullets, which are."""

    text = models.TextField("tekst", help_text="Ordrett fra kilden.")

    objects = KeyedManager.from_queryset(LeadInQuerySet)()

    history = edit_history()

    class Meta:
        verbose_name = "innledning til punktliste"
        verbose_name_plural = "innledninger til punktlister"
        ordering = ["source_id", "line", "position"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"


class Statement(KeyedModel, Publishable, Sourced):
    """One experience, assessment, finding, conclusion or recommendation, verbatim."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", "Erfaring"
        ASSESSMENT = "assessment", "Arbeidsgruppens vurdering"
        FINDING = "finding", "Funn"
        CONCLUSION = "conclusion", "Konklusjon"
        RECOMMENDATION = "recommendation", "Anbefaling"
        BACKGROUND = "background", "Bakgrunn og metode"

    class Voice(models.TextChoices):
        """Which side speaks; who exactly, where the source names it, is
        `voice_organisation`."""

        AGENCIES = "agencies", "Etatene"
        SOCIAL_PARTNERS = "social_partners", "Partene i arbeidslivet"
        WORKING_GROUP = "working_group", "Arbeidsgruppen"
        EVALUATOR = "evaluator", "Ekstern evaluator"

    class Addressee(models.TextChoices):
        NONE = "", "Ingen"
        NAV = "nav", "NAV"
        PARTIES = "parties", "Partene"
        MINISTRY = "ministry", "Departementet"
        COORDINATION_GROUP = "coordination_group", "Koordineringsgruppen"

    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind,
        help_text="Erfaring, vurdering, funn, konklusjon, anbefaling eller bakgrunn.",
    )
    measures = models.ManyToManyField(
        "measures.Measure",
        verbose_name="virkemidler",
        blank=True,
        related_name="statements",
        help_text="Tomt for tverrgående tema, f.eks. digitalisering.",
    )
    voice = models.CharField(
        "avsender",
        max_length=20,
        choices=Voice,
        help_text="Hvilken side som står bak utsagnet: etatene, partene, arbeidsgruppen "
        "eller en ekstern evaluator.",
    )
    voice_organisation = models.ForeignKey(
        "measures.Organisation",
        verbose_name="avsender (organisasjon)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Organisasjonen kilden nevner som avsender, f.eks. NAV eller STAMI. "
        "Påkrevd for en ekstern evaluator.",
    )
    lead_in = models.ForeignKey(
        "findings.LeadIn",
        verbose_name="innledning",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bullets",
        help_text="Innledningen et kulepunkt hører til; punktet vises alltid under den.",
    )
    addressee = models.CharField(
        "mottaker",
        max_length=20,
        choices=Addressee,
        blank=True,
        help_text="Hvem en anbefaling er rettet til.",
    )
    is_summary = models.BooleanField(
        "i oppsummeringen",
        default=False,
        help_text="Står i arbeidsgruppens innledende oppsummering.",
    )
    text = models.TextField("tekst", help_text="Ordrett fra kilden.")
    footnote = models.TextField("fotnote", blank=True, help_text="Ordrett fra kilden.")
    period = period_field("statements", "Avtalen utsagnet gjelder.")

    objects = KeyedManager.from_queryset(StatementQuerySet)()

    history = edit_history(m2m_fields=[measures])

    class Meta:
        verbose_name = "utsagn"
        verbose_name_plural = "utsagn"
        permissions = [("view_drafts", "Kan se utkast på portalens sider")]
        ordering = ["source_id", "line", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(voice="evaluator") | models.Q(voice_organisation__isnull=False),
                name="statement_evaluator_is_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="recommendation") | ~models.Q(addressee=""),
                name="statement_recommendation_has_addressee",
            ),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"{self.get_kind_display()}: {text}"

    def clean(self):
        if self.voice == self.Voice.EVALUATOR and not self.voice_organisation_id:
            raise ValidationError({"voice_organisation": "Velg evaluatoren som står bak utsagnet."})
        if self.kind == self.Kind.RECOMMENDATION and not self.addressee:
            raise ValidationError({"addressee": "En anbefaling må ha en mottaker."})

    def get_absolute_url(self):
        """Where the statement shows on the portal, drafts included for the
        secretariat: its first measure's page. Costs a query."""
        measure = self.measures.order_by("position").first()
        if measure is None:
            return reverse("findings:statements") + f"?kilde={self.source.key}#utsagn-{self.key}"
        return f"{measure.get_absolute_url()}#utsagn-{self.key}"

    @property
    def voice_display(self):
        """The named organisation where the source names one; costs a query unless
        voice_organisation is selected."""
        if self.voice_organisation_id:
            return self.voice_organisation.display_name
        return self.get_voice_display()


# How a pending evaluation is dated where the source gives no date.
UNDATED = "dato ikke oppgitt"


class Evaluation(KeyedModel, Publishable, Sourced):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", "Evaluering"
        MIDTERM = "midterm", "Midtveisevaluering"
        FINAL = "final", "Sluttrapport"
        FORMATIVE = "formative", "Følgeevaluering"
        INTERIM = "interim", "Delrapport"
        STATUS = "status", "Statusrapport"
        BASELINE = "baseline", "Nullpunktsanalyse"
        REVIEW = "review", "Kunnskapsoppsummering"
        SURVEY = "survey", "Kartlegging"
        REPORT = "report", "Rapport"

    class Evidence(models.TextChoices):
        """What the report can tell about the measure, read from the source's own
        words; the evidence status of a measure (findings/evidence.py) builds on it."""

        EFFECT = "effect", "Effekt"
        RESULTS = "results", "Resultater og erfaringer"
        OTHER = "other", "Annet kunnskapsgrunnlag"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        ONGOING = "ongoing", "Pågår"
        DELIVERED = "delivered", "Levert"

    title = models.CharField(
        "tittel", max_length=300, help_text="Evalueringens eller rapportens navn."
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind,
        help_text="Hva slags rapport, f.eks. midtveisevaluering eller sluttrapport.",
    )
    evidence = models.CharField(
        "kunnskap om",
        max_length=10,
        choices=Evidence,
        help_text="Effekt: kilden sier at rapporten undersøker om virkemiddelet virker "
        "(f.eks. «effekt», «påvirker», «bidrar til å redusere»). Resultater og erfaringer: "
        "en evaluering av virkemiddelet der kilden ikke nevner effekt. Annet "
        "kunnskapsgrunnlag: status- og årsrapporter, kartlegginger, nullpunktsanalyser, "
        "kunnskapsoppsummeringer og forskning som ikke evaluerer virkemiddelet selv.",
    )
    status = models.CharField(
        "status",
        max_length=20,
        choices=Status,
        help_text="Slik kilden oppgir det på sitt tidspunkt.",
    )
    measures = models.ManyToManyField(
        "measures.Measure", verbose_name="virkemidler", related_name="evaluations"
    )
    evaluators = models.ManyToManyField(
        "measures.Organisation",
        verbose_name="evaluatorer",
        blank=True,
        related_name="evaluations",
    )
    commissioned_by = models.ForeignKey(
        "measures.Organisation",
        verbose_name="oppdragsgiver",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commissioned_evaluations",
        help_text="Hvem som bestilte evalueringen, der kilden sier det.",
    )
    subject = models.TextField("hva som evalueres", blank=True, help_text="Med kildens ord.")
    due = models.DateField(
        "frist/ventet", null=True, blank=True, help_text="Første dag i perioden."
    )
    due_precision = models.CharField(
        "presisjon (frist)",
        max_length=10,
        choices=Precision,
        blank=True,
        help_text="Hvor presist fristen er kjent: dag, måned, kvartal, halvår, årstid eller år.",
    )
    delivered_on = models.DateField(
        "levert",
        null=True,
        blank=True,
        help_text="Første dag i perioden når kilden ikke oppgir dagen.",
    )
    delivered_on_precision = models.CharField(
        "presisjon (levert)",
        max_length=10,
        choices=Precision,
        blank=True,
        help_text="Hvor presist leveringsdatoen er kjent.",
    )
    source_text = models.TextField("kildetekst", help_text="Ordrett fra kilden.")

    objects = KeyedManager.from_queryset(EvaluationQuerySet)()

    history = edit_history(m2m_fields=[measures, evaluators])

    class Meta:
        verbose_name = "evaluering"
        verbose_name_plural = "evalueringer"
        ordering = ["due", "delivered_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__isnull=True, due_precision="")
                | models.Q(due__isnull=False) & ~models.Q(due_precision=""),
                name="evaluation_due_has_precision",
            ),
            models.CheckConstraint(
                condition=models.Q(delivered_on__isnull=True, delivered_on_precision="")
                | models.Q(delivered_on__isnull=False) & ~models.Q(delivered_on_precision=""),
                name="evaluation_delivered_on_has_precision",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        for field in ("due", "delivered_on"):
            try:
                validate_partial_date(getattr(self, field), getattr(self, f"{field}_precision"))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        """The first measure's evaluation timeline. Costs a query."""
        measure = self.measures.order_by("position").first()
        if measure is None:
            return reverse("findings:evaluations")
        return f"{measure.get_absolute_url()}#evalueringer"

    @property
    def due_display(self):
        return format_partial_date(self.due, self.due_precision)

    @property
    def delivered_on_display(self):
        return format_partial_date(self.delivered_on, self.delivered_on_precision)

    @property
    def date_display(self):
        """«Levert …», else «Ventet …», at the source's precision; "" without either."""
        if self.delivered_on:
            return f"Levert {self.delivered_on_display}"
        if self.due:
            return f"Ventet {self.due_display}"
        return ""

    @property
    def evaluator_names(self):
        """«Deloitte, STAMI»; "" when the sources name none. Uses the prefetched evaluators."""
        return ", ".join(organisation.display_name for organisation in self.evaluators.all())

    @property
    def due_or_unknown(self):
        """«juli 2022», or «dato ikke oppgitt» where the source gives no date."""
        return self.due_display if self.due else UNDATED

    @property
    def expected_display(self):
        """When it is expected, as a pending evaluation is described."""
        return f"ventet {self.due_display}" if self.due else UNDATED

    def is_overdue(self, today):
        """Due period has ended and nothing is recorded as delivered."""
        if self.status == self.Status.DELIVERED or self.due is None:
            return False
        return period_end(self.due, self.due_precision) < today

from django.core.exceptions import ValidationError
from django.db import models

from core.models import (
    KeyedManager,
    KeyedModel,
    Publishable,
    PublishableQuerySet,
    Sourced,
    edit_history,
)

from .agreement import period_field


class BudgetLine(KeyedModel, Publishable, Sourced):
    """One figure on money or other resources, as the source states it."""

    class Kind(models.TextChoices):
        FRAME = "frame", "Ramme/bevilgning"
        EARMARKED = "earmarked", "Øremerket/tildelt"
        SPENT = "spent", "Regnskap/forbrukt"
        UNUSED = "unused", "Ubrukt/overført"
        UNDERSPEND = "underspend", "Mindreforbruk"
        WITHHELD = "withheld", "Holdt tilbake"
        OTHER_PURPOSES = "other_purposes", "Til andre formål"

    class Unit(models.TextChoices):
        NOK = "nok", "kroner"
        FTE = "fte", "årsverk"
        POSITIONS = "positions", "stillinger"
        PERCENT = "percent", "prosent"

    class Qualifier(models.TextChoices):
        EXACT = "", "Eksakt"
        ABOUT = "about", "om lag"
        JUST_UNDER = "just_under", "knappe"
        OVER = "over", "over"
        UP_TO = "up_to", "inntil"

    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name="virkemiddel",
        on_delete=models.CASCADE,
        related_name="budget_lines",
        help_text="Virkemiddelet beløpet gjelder.",
    )
    year_from = models.PositiveSmallIntegerField(
        "fra år",
        null=True,
        blank=True,
        help_text="Første år beløpet gjelder; tomt når kilden ikke oppgir år.",
    )
    year_to = models.PositiveSmallIntegerField(
        "til år", null=True, blank=True, help_text="Samme som «fra år» for ett år."
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind,
        help_text="Ramme, øremerket, forbrukt, ubrukt, mindreforbruk, holdt tilbake "
        "eller til andre formål.",
    )
    amount = models.DecimalField(
        "beløp/mengde",
        max_digits=14,
        decimal_places=2,
        help_text="I enheten under; kroner uten «mill.», f.eks. 71600000 for 71,6 mill. kr.",
    )
    unit = models.CharField(
        "enhet",
        max_length=20,
        choices=Unit,
        default=Unit.NOK,
        help_text="Kroner, årsverk eller stillinger.",
    )
    qualifier = models.CharField(
        "presisjon",
        max_length=20,
        choices=Qualifier,
        blank=True,
        help_text="«om lag», «knappe» o.l. der kilden sier det.",
    )
    recipient = models.ForeignKey(
        "measures.Organisation",
        verbose_name="mottaker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        help_text="Hvem som fikk midlene, der kilden sier det.",
    )
    as_of = models.CharField(
        "per tidspunkt",
        max_length=100,
        blank=True,
        help_text="Der tallet gjelder bare deler av perioden, med kildens ord, "
        "f.eks. «ved utgangen av april 2022».",
    )
    is_sum = models.BooleanField(
        "summerer andre linjer",
        default=False,
        help_text="Beløpet er summen av andre linjer (f.eks. en samlet ramme), "
        "og telles ikke med i totalsummer.",
    )
    label = models.CharField("hva", max_length=200, help_text="Kort beskrivelse med kildens ord.")
    period = period_field("budget_lines", "Avtalen beløpet hører til.")
    source_text = models.TextField("kildetekst", help_text="Ordrett fra kilden.")

    objects = KeyedManager.from_queryset(PublishableQuerySet)()

    history = edit_history()

    class Meta:
        verbose_name = "budsjettlinje"
        verbose_name_plural = "budsjettlinjer"
        ordering = ["measure_id", "year_from", "kind", "line", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budgetline_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(year_to__isnull=True)
                | models.Q(year_from__isnull=False, year_to__gte=models.F("year_from")),
                name="budgetline_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.period_display}: {self.label}"

    def clean(self):
        # The check constraints above, with messages (the import relies on these).
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = "Beløpet kan ikke være negativt."
        if self.year_to is not None and (self.year_from is None or self.year_to < self.year_from):
            errors["year_to"] = "«Til år» må ha et «fra år» og kan ikke være før det."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return f"{self.measure.get_absolute_url()}#budsjett"

    @property
    def period_display(self):
        if self.year_from is None:
            return "uten årstall"
        if self.year_to in (None, self.year_from):
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"

"""Follow-up of the recommendations: one item per recommendation, the verbatim
parts of the statements it comes from, the secretariat's notes, and an
append-only log of every change to its status, target date and owner."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from core.links import url_for_key
from core.models import (
    KeyedManager,
    KeyedModel,
    Publishable,
    PublishableQuerySet,
    Versioned,
    edit_history,
)
from core.partial_dates import Precision, format_partial_date, period_end, validate_partial_date
from measures.models.agreement import period_field


class Status(models.TextChoices):
    """The European Court of Auditors' four steps, and a fifth for a decision
    not to act (which needs a reason)."""

    NOT_STARTED = "not_started", "Ikke startet"
    SOME = "some", "Gjennomført i noen grad"
    MOST = "most", "Gjennomført i stor grad"
    DONE = "done", "Gjennomført"
    WONT_DO = "wont_do", "Blir ikke gjennomført"


OPEN_STATUSES = [Status.NOT_STARTED, Status.SOME, Status.MOST]


class Owner(models.TextChoices):
    NAV = "nav", "NAV"
    PARTIES = "parties", "Partene i arbeidslivet"
    MINISTRY = "ministry", "Departementet"
    COORDINATION_GROUP = "coordination_group", "Koordineringsgruppen"
    AUTHORITIES = "authorities", "Myndighetene"
    AGENCY = "agency", "En etat (se organisasjon)"
    UNSPECIFIED = "unspecified", "Ikke angitt i kilden"


class FollowUpItemQuerySet(PublishableQuerySet):
    def overdue(self, today):
        """Open items whose target period has ended."""
        return self.filter(status__in=OPEN_STATUSES, target_end__lt=today)


class FollowUpItem(KeyedModel, Publishable):
    """One recommendation the secretariat follows up."""

    owner = models.CharField(
        "ansvarlig",
        max_length=20,
        choices=Owner,
        default=Owner.UNSPECIFIED,
        help_text="Den kilden holder ansvarlig: NAV, partene, departementet, "
        "koordineringsgruppen, myndighetene eller en etat. «Ikke angitt i kilden» når "
        "teksten ikke sier hvem (f.eks. «bør vurderes»).",
    )
    owner_organisation = models.ForeignKey(
        "measures.Organisation",
        verbose_name="ansvarlig organisasjon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_items",
        help_text="Organisasjonen som har ansvaret, der den er navngitt. Påkrevd for «En etat».",
    )
    status = models.CharField(
        "status",
        max_length=20,
        choices=Status,
        default=Status.NOT_STARTED,
        db_index=True,
        help_text="Hvor langt anbefalingen er fulgt opp. «Blir ikke gjennomført» krever en "
        "begrunnelse.",
    )
    status_reason = models.TextField(
        "begrunnelse for status",
        blank=True,
        editable=False,
        help_text="Begrunnelsen som ble gitt da statusen sist ble endret.",
    )
    target_date = models.DateField(
        "måldato",
        null=True,
        blank=True,
        help_text="Første dag i perioden når bare måned, kvartal, halvår, årstid eller år er "
        "kjent.",
    )
    target_precision = models.CharField(
        "presisjon (måldato)",
        max_length=10,
        choices=Precision,
        blank=True,
        help_text="Hvor presist måldatoen er kjent, f.eks. «høsten 2023»: 1. september 2023 "
        "og presisjon årstid.",
    )
    target_end = models.DateField(
        "siste dag i målperioden",
        null=True,
        blank=True,
        editable=False,
        help_text="Settes automatisk; brukes for å finne forsinkede punkter.",
    )
    position = models.PositiveIntegerField(
        "rekkefølge",
        default=0,
        help_text="Rekkefølge i lister; kildenes rekkefølge.",
    )
    period = period_field("followup_items", "Avtalen anbefalingen gjelder.")

    objects = KeyedManager.from_queryset(FollowUpItemQuerySet)()

    history = edit_history()

    class Meta:
        verbose_name = "anbefaling til oppfølging"
        verbose_name_plural = "anbefalinger til oppfølging"
        ordering = ["position", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__isnull=True, target_precision="")
                | models.Q(target_date__isnull=False) & ~models.Q(target_precision=""),
                name="followup_target_has_precision",
                violation_error_message="Måldato og presisjon må fylles ut sammen.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="wont_do") | ~models.Q(status_reason=""),
                name="followup_wont_do_has_reason",
                violation_error_message="«Blir ikke gjennomført» krever en begrunnelse.",
            ),
            models.CheckConstraint(
                condition=~models.Q(owner="agency") | models.Q(owner_organisation__isnull=False),
                name="followup_agency_is_named",
                violation_error_message="Velg etaten som er ansvarlig.",
            ),
        ]

    def __str__(self):
        return self.key

    def clean(self):
        errors = {}
        try:
            validate_partial_date(self.target_date, self.target_precision)
        except ValidationError as error:
            errors["target_date"] = error.messages
        if self.owner == Owner.AGENCY and not self.owner_organisation_id:
            errors["owner_organisation"] = "Velg etaten som er ansvarlig."
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return url_for_key("followup:item", self.key)

    @property
    def owner_display(self):
        """The named organisation where there is one; costs a query unless selected."""
        if self.owner_organisation_id:
            return self.owner_organisation.display_name
        return self.get_owner_display()

    @property
    def target_display(self):
        return format_partial_date(self.target_date, self.target_precision)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            self.status in OPEN_STATUSES and self.target_end is not None and self.target_end < today
        )


@receiver(pre_save, sender=FollowUpItem)
def _fill_target_end(sender, instance, **kwargs):
    """Kept in step on every save, fixtures included, so the list can filter on it."""
    if instance.target_date and instance.target_precision in Precision.values:
        instance.target_end = period_end(instance.target_date, instance.target_precision)
    else:
        instance.target_end = None


class ItemQuote(KeyedModel):
    """The verbatim part of a statement a recommendation comes from. A statement
    holding several recommendations gives each its own part; the same
    recommendation in the summary and in a note is one item with two quotes."""

    item = models.ForeignKey(
        FollowUpItem,
        verbose_name="anbefaling",
        on_delete=models.CASCADE,
        related_name="quotes",
    )
    statement = models.ForeignKey(
        "findings.Statement",
        verbose_name="utsagn",
        on_delete=models.PROTECT,
        related_name="follow_up_quotes",
        help_text="Utsagnet anbefalingen står i.",
    )
    quote = models.TextField(
        "sitat",
        help_text="Den delen av utsagnets tekst som er anbefalingen, ordrett. Hele teksten "
        "når utsagnet bare har én anbefaling.",
    )
    position = models.PositiveSmallIntegerField(
        "rekkefølge",
        default=1,
        help_text="1 for hovedsitatet; gjentakelser (f.eks. i oppsummeringen) etter.",
    )

    history = edit_history()

    class Meta:
        verbose_name = "sitat fra kilden"
        verbose_name_plural = "sitater fra kildene"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.quote if len(self.quote) <= 80 else self.quote[:77] + "…"

    def clean(self):
        if self.statement_id and self.quote and self.quote not in self.statement.text:
            raise ValidationError(
                {"quote": "Sitatet må stå ordrett i utsagnets tekst (kopier det derfra)."}
            )

    @property
    def is_whole_statement(self):
        return self.quote == self.statement.text

    def in_context(self):
        """The statement's text split around the quote: (before, quote, after)."""
        before, _, after = self.statement.text.partition(self.quote)
        return before, self.quote, after


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Endringsloggen kan bare utvides, ikke endres.")

    def delete(self):
        raise TypeError("Endringsloggen kan bare utvides, ikke slettes.")


class ItemEvent(models.Model):
    """One change to an item's status, target date or owner: who, when, why.
    Rows are only ever added, so the history cannot be rewritten."""

    item = models.ForeignKey(
        FollowUpItem,
        verbose_name="anbefaling",
        on_delete=models.PROTECT,
        related_name="events",
    )
    recorded_at = models.DateTimeField("tidspunkt", default=timezone.now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="endret av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(
        "endret av (navn)",
        max_length=150,
        blank=True,
        help_text="Navnet slik det var da endringen ble gjort; blir stående om brukeren slettes.",
    )
    status_before = models.CharField(
        "status før", max_length=20, choices=Status, blank=True, help_text="Tom ved opprettelse."
    )
    status_after = models.CharField("status etter", max_length=20, choices=Status)
    target_before = models.DateField("måldato før", null=True, blank=True)
    target_precision_before = models.CharField(
        "presisjon før", max_length=10, choices=Precision, blank=True
    )
    target_after = models.DateField("måldato etter", null=True, blank=True)
    target_precision_after = models.CharField(
        "presisjon etter", max_length=10, choices=Precision, blank=True
    )
    owner_before = models.CharField("ansvarlig før", max_length=200, blank=True)
    owner_after = models.CharField("ansvarlig etter", max_length=200, blank=True)
    reason = models.TextField("begrunnelse", blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "endring i oppfølgingen"
        verbose_name_plural = "endringer i oppfølgingen"
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.item.key} {self.recorded_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Endringsloggen kan bare utvides, ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Endringsloggen kan bare utvides, ikke slettes.")

    @property
    def is_creation(self):
        return not self.status_before

    @property
    def status_changed(self):
        return self.status_before != self.status_after

    @property
    def target_changed(self):
        return (self.target_before, self.target_precision_before) != (
            self.target_after,
            self.target_precision_after,
        )

    @property
    def target_moved(self):
        """An earlier target was replaced or removed (this needed a reason)."""
        return self.target_before is not None and self.target_changed

    @property
    def owner_changed(self):
        return self.owner_before != self.owner_after

    @property
    def target_before_display(self):
        return format_partial_date(self.target_before, self.target_precision_before)

    @property
    def target_after_display(self):
        return format_partial_date(self.target_after, self.target_precision_after)


class ItemNote(Versioned):
    """The secretariat's dated note on how a recommendation is followed up.
    Internal: shown to the coordination group and the secretariat."""

    item = models.ForeignKey(
        FollowUpItem,
        verbose_name="anbefaling",
        on_delete=models.CASCADE,
        related_name="notes",
    )
    date = models.DateField(
        "dato", default=timezone.localdate, help_text="Datoen notatet gjelder, f.eks. et møte."
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
        help_text="Settes automatisk til den som skriver notatet.",
    )
    created_at = models.DateTimeField("opprettet", auto_now_add=True)

    history = edit_history()

    class Meta:
        verbose_name = "notat om oppfølgingen"
        verbose_name_plural = "notater om oppfølgingen"
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.text[:60]}"


class DigestSubscription(models.Model):
    """A member's choice to get the weekly e-mail of what changed."""

    shown_on_pages = False  # a user's setting: saving it must not empty the page cache

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="bruker",
        on_delete=models.CASCADE,
        related_name="digest_subscription",
    )
    weekly = models.BooleanField(
        "ukentlig e-post med endringene",
        default=False,
        help_text="Sendes en gang i uken med det som ble publisert eller endret uken før "
        "(mandag–søndag).",
    )

    class Meta:
        verbose_name = "abonnement på ukentlige endringer"
        verbose_name_plural = "abonnementer på ukentlige endringer"

    def __str__(self):
        return f"{self.user.get_username()}: {'ja' if self.weekly else 'nei'}"


class DigestDelivery(models.Model):
    """One week's e-mail to one user, sent (or not needed: nothing changed). The
    unique pair is what keeps `send_digest` from sending a week twice."""

    shown_on_pages = False  # written weekly by send_digest; no page shows it

    subscription = models.ForeignKey(
        DigestSubscription,
        verbose_name="abonnement",
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    week = models.DateField("uke (mandag)", help_text="Mandagen i uken e-posten gjelder.")
    changes = models.PositiveIntegerField(
        "endringer", default=0, help_text="Hvor mange endringer e-posten listet; 0: ikke sendt."
    )
    handled_at = models.DateTimeField("behandlet", default=timezone.now)

    class Meta:
        verbose_name = "ukentlig e-post"
        verbose_name_plural = "ukentlige e-poster"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"], name="digest_once_per_week_and_user"
            )
        ]

    def __str__(self):
        return f"{self.subscription.user.get_username()} {self.week:%G-W%V}"

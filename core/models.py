"""Building blocks shared by every content model."""

from django.db import models, router, transaction
from simple_history.models import HistoricalRecords

from core import content_version
from core.access import can_see_drafts


class ContentQuerySet(models.QuerySet):
    """Bulk writes send no save signals, so they move the content version
    (core.content_version) themselves, in the same transaction as the change.
    `bulk_update` goes through `update`; `delete` sends its signals."""

    def update(self, **kwargs):
        using = self._db or router.db_for_write(self.model, **self._hints)
        with transaction.atomic(using=using, savepoint=False):
            rows = super().update(**kwargs)
            if rows:
                content_version.bump(using)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        using = self._db or router.db_for_write(self.model, **self._hints)
        with transaction.atomic(using=using, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            if created:
                content_version.bump(using)
        return created


class KeyedQuerySet(ContentQuerySet):
    pass


class KeyedManager(models.Manager.from_queryset(KeyedQuerySet)):
    """Lets fixtures refer to rows by `key`, so loading twice updates in place."""

    def get_by_natural_key(self, key):
        return self.get(key=key)


class Versioned(models.Model):
    """A counter for optimistic locking: a save from a stale form is refused."""

    version = models.PositiveIntegerField(
        "versjon",
        default=0,
        editable=False,
        help_text="Økes ved hver lagring; hindrer at to samtidige endringer overskriver hverandre.",
    )

    class Meta:
        abstract = True


class NorwegianHistoricalRecords(HistoricalRecords):
    """Names each history model «historikk for utsagn», where django-simple-history
    says "historical utsagn" (a fixed English string that no translation reaches)."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = f"historikk for {model._meta.verbose_name}"
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = f"historikk for {model._meta.verbose_name_plural}"
        return options


def edit_history(**options):
    """Edit history for a content model. The lock counter is left out: it is
    noise in a diff, and a restored version must carry the current one."""
    return NorwegianHistoricalRecords(excluded_fields=["version"], **options)


class KeyedModel(Versioned):
    key = models.SlugField(
        "nøkkel",
        max_length=120,
        unique=True,
        help_text="Stabil, unik ID brukt i fixtures og lenker, f.eks. «ekspertbistand».",
    )

    objects = KeyedManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.key,)


class Sourced(models.Model):
    """Provenance: where in which source document the content stands."""

    footnote_marker = models.CharField(
        "fotnotemerke",
        max_length=3,
        blank=True,
        help_text="Tallet som i kilden står rett etter et ord og viser til en fotnote, "
        "f.eks. «2» i «Oslo Economics2». Vises hevet.",
    )

    source = models.ForeignKey(
        "measures.SourceDocument",
        verbose_name="kildedokument",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Dokumentet teksten er hentet fra.",
    )
    section = models.CharField(
        "seksjon",
        max_length=300,
        help_text="Overskriftene i kilden, fra toppen, skilt med « › ».",
    )
    page = models.PositiveSmallIntegerField(
        "side",
        null=True,
        blank=True,
        help_text="Sidetall, bare der kilden viser et.",
    )
    position = models.PositiveIntegerField(
        "rekkefølge",
        default=0,
        help_text="Rekkefølge innenfor seksjonen i kilden.",
    )
    line = models.PositiveIntegerField(
        "linje",
        null=True,
        blank=True,
        help_text="Linjen i kildens tekstfil der teksten begynner; gir dokumentrekkefølge.",
    )

    class Meta:
        abstract = True

    @property
    def source_url(self):
        """The place on the source document's page where the text stands."""
        url = self.source.get_absolute_url()
        return f"{url}#linje-{self.line}" if self.line else url

    @property
    def citation(self):
        parts = [self.source.short_title, self.section]
        if self.page:
            parts.append(f"s. {self.page}")
        return ", ".join(parts)


class Publication(models.TextChoices):
    DRAFT = "draft", "Utkast"
    PUBLISHED = "published", "Publisert"


class PublishableQuerySet(KeyedQuerySet):
    def visible_to(self, user):
        """The rows `user` may see on the portal: drafts only for those who may
        preview them. The one place the draft rule is written; every page, count,
        filter choice, search and export starts from it."""
        if can_see_drafts(user):
            return self
        return self.filter(publication=Publication.PUBLISHED)


class Publishable(models.Model):
    """Content the secretariat prepares as a draft and publishes when ready.

    New rows start as drafts, so nothing half-written reaches members.
    """

    publication = models.CharField(
        "publisering",
        max_length=10,
        choices=Publication,
        default=Publication.DRAFT,
        db_index=True,
        help_text="Utkast vises bare for sekretariatet.",
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self):
        return self.publication == Publication.DRAFT

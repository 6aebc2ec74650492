"""Building blocks shared by every content model."""

from django.db import models


class KeyedQuerySet(models.QuerySet):
    pass


class KeyedManager(models.Manager.from_queryset(KeyedQuerySet)):
    """Lets fixtures refer to rows by `key`, so loading twice updates in place."""

    def get_by_natural_key(self, key):
        return self.get(key=key)


class KeyedModel(models.Model):
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

    source = models.ForeignKey(
        "measures.SourceDocument",
        verbose_name="kildedokument",
        on_delete=models.PROTECT,
        related_name="+",
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
    def citation(self):
        parts = [self.source.short_title, self.section]
        if self.page:
            parts.append(f"s. {self.page}")
        return ", ".join(parts)

"""What every content admin shares: history, optimistic locking, publishing."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F
from simple_history.admin import SimpleHistoryAdmin

from core.models import Publication

STALE_EDIT_MESSAGE = (
    "Noen andre har lagret denne oppføringen etter at du åpnet den, så endringene dine er "
    "ikke lagret. Det du skrev står fortsatt i skjemaet: kopier det du trenger, åpne "
    "oppføringen på nytt i en ny fane og legg inn endringene der."
)


class VersionedForm(forms.ModelForm):
    """Refuses a save when the row changed after the form was opened.

    The admin validates inside its transaction, so the row lock taken here holds
    until the save commits: two saves cannot both pass the check.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        current = (
            type(self.instance)
            .objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and cleaned.get("loaded_version") != current:
            raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        self.instance.version = (current or 0) + 1
        return cleaned


class LockingMixin:
    """Uses VersionedForm and makes sure its hidden version field is rendered."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if any("loaded_version" in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]


class ContentAdmin(LockingMixin, SimpleHistoryAdmin):
    """History with diffs and restore (django-simple-history), and locking."""


class VersionedInline(LockingMixin):
    pass


@admin.action(description="Publiser valgte")
def publish(modeladmin, request, queryset):
    _set_publication(modeladmin, request, queryset, Publication.PUBLISHED)


@admin.action(description="Gjør valgte til utkast (avpubliser)")
def unpublish(modeladmin, request, queryset):
    _set_publication(modeladmin, request, queryset, Publication.DRAFT)


def _set_publication(modeladmin, request, queryset, publication):
    # Saved one by one so each change lands in the edit history with its author.
    changed = 0
    for obj in queryset.exclude(publication=publication):
        obj.publication = publication
        obj.version = F("version") + 1
        obj.save(update_fields=["publication", "version"])
        changed += 1
    label = Publication(publication).label.lower()
    modeladmin.message_user(request, f"{changed} oppføringer er nå {label}.", messages.SUCCESS)


PROVENANCE_FIELDS = ("source", "section", "page", "position")


class ProvenanceAdmin(ContentAdmin):
    """Shared layout for models that cite a source."""

    list_select_related = ["source"]
    list_filter = ["source"]

    @admin.display(description="kilde")
    def citation(self, obj):
        return obj.citation

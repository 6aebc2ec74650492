"""What every content admin shares: history, optimistic locking, publishing."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Exists, F, OuterRef
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name

from core.history_display import NorwegianHistoryDisplay
from core.keys import key_source, unique_key
from core.models import Publication, Publishable

STALE_EDIT_MESSAGE = (
    "Noen andre har lagret denne oppføringen etter at du åpnet den, så endringene dine er "
    "ikke lagret. Det du skrev står fortsatt i skjemaet: kopier det du trenger, åpne "
    "oppføringen på nytt i en ny fane og legg inn endringene der."
)


class VersionedForm(forms.ModelForm):
    """Refuses a save when the row changed after the form was opened.

    Every admin view that validates it does so inside a transaction (the change
    form by Django, the history restore by ContentAdmin), so the row lock taken
    here holds until the save commits: two saves cannot both pass the check.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        if not self.is_bound:
            self._show_links_of_restored_version()
        self._key_source = self._optional_key()

    def _optional_key(self):
        """On a new row, «Nøkkel» may be left blank: it is made from the text."""
        if self.instance.pk is not None or "key" not in self.fields:
            return None
        source = key_source(self.fields)
        if source is not None:
            self.fields["key"].required = False
            self.fields["key"].help_text = (
                f"{self.fields['key'].help_text} La feltet stå tomt, så lages nøkkelen av "
                f"«{self.fields[source].label}»."
            )
        return source

    def _show_links_of_restored_version(self):
        """In «Historikk»'s restore form, show the links (many-to-many) the
        version had; django-simple-history would show today's."""
        record = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        for field in getattr(record, "_history_m2m_fields", []):
            if field.name in self.fields:
                rows = getattr(record, field.name)
                target = get_m2m_reverse_field_name(field)
                self.initial[field.name] = list(rows.values_list(target, flat=True))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            self._fill_key(cleaned)
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

    def _fill_key(self, cleaned):
        if self._key_source is None or cleaned.get("key") or "key" in self.errors:
            return
        key = unique_key(self._meta.model, cleaned.get(self._key_source))
        if key:
            cleaned["key"] = key
        else:
            self.add_error("key", "Fyll ut nøkkelen, eller skriv teksten den skal lages av.")


class LockingMixin:
    """Uses VersionedForm and makes sure its hidden version field is rendered."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if any("loaded_version" in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]


# Checks run after each save in the admin: callables taking the saved row and
# returning warnings (Norwegian sentences). The apps add theirs (findings adds
# the verbatim check), so core needs to know none of them.
SAVE_CHECKS = []

DRAFT_SAVED_MESSAGE = (
    "«{name}» er lagret som utkast og vises ikke på portalen før den er publisert. "
    "Publiser ved å velge «Publisert» under «Publisering», eller med handlingen "
    "«Publiser valgte» i listen."
)


class ContentAdmin(LockingMixin, SimpleHistoryAdmin):
    """History with diffs and restore (django-simple-history), and locking.
    After a save it warns (never refuses) about what the checks find, and says
    when what was saved is a draft."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.check_saved(request, obj)

    def save_formset(self, request, form, formset, change):
        """Rows saved in an inline (a measure's descriptions and budget lines)
        get the same checks as when saved on their own form."""
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
            self.check_saved(request, obj)

    def check_saved(self, request, obj):
        for check in SAVE_CHECKS:
            for warning in check(obj):
                self.message_user(request, warning, messages.WARNING)
        if isinstance(obj, Publishable) and obj.is_draft:
            self.message_user(request, DRAFT_SAVED_MESSAGE.format(name=obj), messages.INFO)

    # The deleted list shows this many, newest first; the changelist links to it.
    DELETED_SHOWN = 200
    has_deleted_list = True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        deleted = path(
            "slettet/",
            self.admin_site.admin_view(self.deleted_view),
            name="{}_{}_deleted".format(*info),
        )
        return [deleted, *super().get_urls()]

    def deleted_view(self, request):
        """The rows deleted from this model, each linking to its history, where
        any version can be restored (django-simple-history's «Historikk»)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        history = self.model.history.model.objects
        still_there = self.model._default_manager.filter(pk=OuterRef("id"))
        records = (
            history.filter(history_type="-")
            .exclude(Exists(still_there))
            .select_related("history_user")
            .order_by("-history_date")[: self.DELETED_SHOWN]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Slettede {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "records": records,
            "shown": self.DELETED_SHOWN,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/deleted_list.html", context)

    def get_historical_record_context_helper(self, request, historical_record):
        return NorwegianHistoryDisplay(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's restore form runs outside a transaction, where
        # VersionedForm's row lock is refused (PostgreSQL) and would not hold
        # until the save anyway; Django's own change form is wrapped the same way.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedInline(LockingMixin):
    pass


@admin.action(description="Publiser valgte")
def publish(modeladmin, request, queryset):
    _set_publication(modeladmin, request, queryset, Publication.PUBLISHED)


@admin.action(description="Gjør valgte til utkast (avpubliser)")
def unpublish(modeladmin, request, queryset):
    _set_publication(modeladmin, request, queryset, Publication.DRAFT)


def _set_publication(modeladmin, request, queryset, publication):
    # Saved one by one so each change lands in the edit history with its author;
    # in one transaction, so the content version (core.content_version) moves with
    # the rows it describes, and a failure publishes none of them.
    changed = 0
    with transaction.atomic(using=router.db_for_write(queryset.model)):
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

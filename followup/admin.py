from django import forms
from django.contrib import admin

from core.admin_base import ContentAdmin, VersionedForm, VersionedInline, publish, unpublish

from .changes import State, reason_problems, record, status_reason_after
from .models import FollowUpItem, ItemEvent, ItemNote, ItemQuote


class FollowUpItemForm(VersionedForm):
    """The item with a reason for the change, required when the target date moves
    or the status becomes «Blir ikke gjennomført»; it goes into the log."""

    reason = forms.CharField(
        label="Begrunnelse for endringen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Påkrevd når måldatoen flyttes eller fjernes, og når status settes til «Blir "
        "ikke gjennomført». Lagres i historikken sammen med hvem og når, og kan ikke endres "
        "senere.",
    )

    class Meta:
        model = FollowUpItem
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before = State.of(self.instance) if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        after = State(
            cleaned.get("status", ""),
            cleaned.get("target_date"),
            cleaned.get("target_precision") or "",
            "",
        )
        reason = cleaned.get("reason", "")
        for problem in reason_problems(self.before, after, reason):
            self.add_error("reason", problem)
        # Set before the model's own validation, which checks the constraint.
        self.instance.status = after.status
        self.instance.status_reason = status_reason_after(self.instance, self.before, reason)
        return cleaned


class ItemQuoteInline(VersionedInline, admin.StackedInline):
    model = ItemQuote
    autocomplete_fields = ["statement"]
    fields = ["key", "statement", "quote", "position"]
    extra = 0


class ItemNoteInline(VersionedInline, admin.StackedInline):
    model = ItemNote
    fields = ["date", "text", "author"]
    readonly_fields = ["author"]
    extra = 0


class ItemEventInline(admin.TabularInline):
    """The log, read-only: rows are added by saving the item, never edited."""

    model = ItemEvent
    fields = [
        "recorded_at",
        "author_name",
        "status_change",
        "target_change",
        "owner_change",
        "reason",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "historikk for status, måldato og ansvarlig"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="status")
    def status_change(self, event):
        if not event.status_changed:
            return "–"
        before = event.get_status_before_display() or "(ny)"
        return f"{before} → {event.get_status_after_display()}"

    @admin.display(description="måldato")
    def target_change(self, event):
        if not event.target_changed:
            return "–"
        before = event.target_before_display or "(ingen)"
        return f"{before} → {event.target_after_display or '(ingen)'}"

    @admin.display(description="ansvarlig")
    def owner_change(self, event):
        if not event.owner_changed:
            return "–"
        return f"{event.owner_before or '(ny)'} → {event.owner_after}"


@admin.register(FollowUpItem)
class FollowUpItemAdmin(ContentAdmin):
    form = FollowUpItemForm
    actions = [publish, unpublish]
    inlines = [ItemQuoteInline, ItemNoteInline, ItemEventInline]
    list_display = [
        "key", "first_quote", "publication", "owner", "status", "target_display", "target_end",
    ]  # fmt: skip
    list_filter = ["publication", "period", "status", "owner", "quotes__statement__source"]
    list_select_related = ["owner_organisation"]
    search_fields = ["key", "quotes__quote", "status_reason"]
    autocomplete_fields = ["owner_organisation"]
    ordering = ["position", "key"]
    fieldsets = [
        (None, {"fields": ["key", "publication", "period", "position"]}),
        (
            "Oppfølging",
            {
                "fields": [
                    "owner",
                    "owner_organisation",
                    "status",
                    "target_date",
                    "target_precision",
                    "reason",
                ],  # fmt: skip
                "description": "Hver endring av status, måldato eller ansvarlig lagres i "
                "historikken nederst med hvem, når og hvorfor. Måldato: bruk første dag i "
                "perioden og velg presisjonen som er kjent (f.eks. «høsten 2023»: 1. september "
                "2023 og presisjon årstid).",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("quotes")

    @admin.display(description="anbefaling")
    def first_quote(self, item):
        quotes = list(item.quotes.all())
        return str(quotes[0]) if quotes else "–"

    @admin.display(description="måldato", ordering="target_date")
    def target_display(self, item):
        return item.target_display

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(obj, form.before, request.user, form.cleaned_data.get("reason", ""))

    def save_formset(self, request, form, formset, change):
        if formset.model is ItemNote:
            for note in formset.save(commit=False):
                if note.author_id is None:
                    note.author = request.user
                note.save()
            for note in formset.deleted_objects:
                note.delete()
            return
        super().save_formset(request, form, formset, change)

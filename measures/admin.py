from django.contrib import admin
from django.db.models import Count

from core.admin_base import (
    PROVENANCE_FIELDS,
    ContentAdmin,
    ProvenanceAdmin,
    VersionedInline,
    publish,
    unpublish,
)
from core.spreadsheet_admin import SpreadsheetMixin

from .models import (
    AgreementPeriod,
    BudgetLine,
    FollowUpNote,
    Goal,
    Indicator,
    Measure,
    MeasureSection,
    Organisation,
    Responsibility,
    SourceDocument,
)
from .resources import BudgetLineResource


@admin.register(SourceDocument)
class SourceDocumentAdmin(ContentAdmin):
    list_display = ["short_title", "title", "author", "published", "filename"]
    search_fields = ["title", "short_title", "author"]
    ordering = ["title"]


@admin.register(Organisation)
class OrganisationAdmin(ContentAdmin):
    list_display = ["name", "short_name", "kind", "parent", "measure_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "key"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(measure_total=Count("responsibilities", distinct=True))
        )

    @admin.display(description="virkemidler", ordering="measure_total")
    def measure_count(self, obj):
        return obj.measure_total


class ResponsibilityInline(VersionedInline, admin.TabularInline):
    model = Responsibility
    autocomplete_fields = ["organisation"]
    extra = 0


class SubMeasureInline(VersionedInline, admin.TabularInline):
    model = Measure
    fk_name = "parent"
    fields = ["name", "short_name", "key", "status", "focus_area", "position"]
    extra = 0
    show_change_link = True
    verbose_name = "delvirkemiddel"
    verbose_name_plural = "delvirkemidler"


class MeasureSectionInline(VersionedInline, admin.StackedInline):
    model = MeasureSection
    fields = ["key", "kind", "heading", "text", *PROVENANCE_FIELDS]
    extra = 0
    show_change_link = True
    classes = ["collapse"]


class BudgetLineInline(VersionedInline, admin.TabularInline):
    model = BudgetLine
    fields = [
        "key", "publication", "year_from", "year_to", "kind", "amount", "unit", "qualifier",
        "recipient", "label", "source", "section", "page", "position",
    ]  # fmt: skip
    autocomplete_fields = ["recipient"]
    extra = 0
    show_change_link = True


class FollowUpNoteInline(VersionedInline, admin.StackedInline):
    model = FollowUpNote
    fields = ["title", "text"]
    extra = 0


@admin.register(Measure)
class MeasureAdmin(ContentAdmin):
    list_display = ["name", "parent", "status", "focus_area", "statement_count", "position"]
    list_filter = ["period", "status", "focus_area", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "key", "summary"]
    autocomplete_fields = ["parent", "continues"]
    prepopulated_fields = {"key": ["name"]}
    ordering = ["position", "name"]
    inlines = [
        SubMeasureInline,
        ResponsibilityInline,
        MeasureSectionInline,
        BudgetLineInline,
        FollowUpNoteInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(statement_total=Count("statements", distinct=True))
        )

    @admin.display(description="utsagn", ordering="statement_total")
    def statement_count(self, obj):
        return obj.statement_total


@admin.register(Responsibility)
class ResponsibilityAdmin(ContentAdmin):
    list_display = ["measure", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    list_select_related = ["measure", "organisation"]
    search_fields = ["measure__name", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["measure", "organisation"]
    ordering = ["measure__position", "role"]


@admin.register(MeasureSection)
class MeasureSectionAdmin(ProvenanceAdmin):
    list_display = ["heading", "measure", "kind", "citation"]
    list_filter = ["kind", "measure", "source"]
    list_select_related = ["measure", "source"]
    search_fields = ["heading", "text", "key"]
    autocomplete_fields = ["measure"]
    ordering = ["measure__position", "position"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SpreadsheetMixin, ProvenanceAdmin):
    resource_classes = [BudgetLineResource]
    actions = [publish, unpublish]
    list_display = [
        "label", "publication", "measure", "period_display", "kind", "amount", "unit", "qualifier",
        "recipient",
    ]  # fmt: skip
    list_filter = ["publication", "period", "kind", "unit", "year_from", "measure", "source"]
    list_select_related = ["measure", "recipient", "source"]
    search_fields = ["label", "source_text", "key"]
    autocomplete_fields = ["measure", "recipient"]
    ordering = ["measure__position", "year_from", "position"]

    @admin.display(description="periode", ordering="year_from")
    def period_display(self, obj):
        return obj.period_display


@admin.register(AgreementPeriod)
class AgreementPeriodAdmin(ContentAdmin):
    list_display = ["name", "start_year", "end_year", "signed_on"]
    search_fields = ["name"]
    ordering = ["-start_year"]


@admin.register(Goal)
class GoalAdmin(ProvenanceAdmin):
    list_display = ["name", "period", "citation"]
    list_select_related = ["period", "source"]
    search_fields = ["name", "text"]
    ordering = ["period", "position"]


@admin.register(Indicator)
class IndicatorAdmin(ProvenanceAdmin):
    list_display = ["name", "year", "value", "unit", "period"]
    list_filter = ["name", "year", "source"]
    list_select_related = ["period", "source"]
    search_fields = ["name", "source_text"]
    ordering = ["name", "year"]


@admin.register(FollowUpNote)
class FollowUpNoteAdmin(ContentAdmin):
    list_display = ["title", "measure", "author", "updated_at"]
    list_filter = ["measure"]
    list_select_related = ["measure", "author"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["measure"]
    fields = ["measure", "title", "text"]
    ordering = ["-updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

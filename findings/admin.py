from django.contrib import admin
from django.db.models import Count

from core.admin_base import SAVE_CHECKS, ProvenanceAdmin, publish, unpublish
from core.spreadsheet_admin import SpreadsheetMixin
from measures.admin import MeasureAdmin

from .content import VERBATIM_FIELDS
from .models import Evaluation, LeadIn, Statement
from .provenance import source_line, stands_verbatim
from .resources import EvaluationResource, StatementResource


def verbatim_warnings(obj):
    """A warning for each text that does not stand as its source writes it. Saving
    is not refused: the secretariat may be mid-way, and `verify_content` lists
    what is left."""
    fields = VERBATIM_FIELDS.get(type(obj), [])
    if not fields or obj.source_id is None:
        return []
    filename = obj.source.filename
    warnings = []
    for name in fields:
        value = getattr(obj, name)
        if not value:
            continue
        try:
            found = stands_verbatim(value, filename, source_line(value, filename))
        except FileNotFoundError:
            return [f"Kildefilen {filename} finnes ikke, så teksten kunne ikke kontrolleres."]
        if not found:
            label = obj._meta.get_field(name).verbose_name
            warnings.append(
                f"«{label.capitalize()}» står ikke ordrett i «{obj.source.short_title}». "
                "Den er lagret likevel, men kontroller teksten mot kilden (kopier den derfra)."
            )
    return warnings


SAVE_CHECKS.append(verbatim_warnings)


@admin.register(Statement)
class StatementAdmin(SpreadsheetMixin, ProvenanceAdmin):
    resource_classes = [StatementResource]
    actions = [publish, unpublish]
    list_display = [
        "short_text", "publication", "kind", "voice", "voice_organisation", "addressee",
        "measure_list", "citation",
    ]  # fmt: skip
    list_filter = [
        "publication", "period", "kind", "voice", "addressee", "is_summary", "source", "measures",
    ]  # fmt: skip
    list_select_related = ["voice_organisation", "source"]
    search_fields = ["text", "section", "key", "footnote"]
    autocomplete_fields = ["measures", "voice_organisation", "lead_in"]
    ordering = ["source", "section", "position"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "key",
                    "publication",
                    "period",
                    "kind",
                    "measures",
                    "lead_in",
                    "text",
                    "footnote",
                ]  # fmt: skip
            },
        ),
        ("Avsender og mottaker", {"fields": ["voice", "voice_organisation", "addressee"]}),
        ("Kilde", {"fields": ["source", "section", "page", "position", "is_summary"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("measures")

    @admin.display(description="tekst", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"

    @admin.display(description="virkemidler")
    def measure_list(self, obj):
        return ", ".join(measure.display_name for measure in obj.measures.all())


@admin.register(LeadIn)
class LeadInAdmin(ProvenanceAdmin):
    list_display = ["text", "bullet_count", "citation"]
    search_fields = ["text", "section", "key"]
    ordering = ["source", "line"]
    fields = ["key", "text", "source", "section", "page", "position", "line"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(bullet_total=Count("bullets"))

    @admin.display(description="kulepunkter", ordering="bullet_total")
    def bullet_count(self, obj):
        return obj.bullet_total


@admin.register(Evaluation)
class EvaluationAdmin(SpreadsheetMixin, ProvenanceAdmin):
    resource_classes = [EvaluationResource]
    actions = [publish, unpublish]
    list_display = [
        "title",
        "publication",
        "kind",
        "evidence",
        "status",
        "due_display",
        "delivered_on_display",
        "evaluator_list",
    ]
    list_filter = ["publication", "status", "kind", "evidence", "evaluators", "measures", "source"]
    list_select_related = ["commissioned_by", "source"]
    search_fields = ["title", "subject", "source_text", "key"]
    autocomplete_fields = ["measures", "evaluators", "commissioned_by"]
    ordering = ["due", "delivered_on", "title"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "key",
                    "publication",
                    "title",
                    "kind",
                    "evidence",
                    "status",
                    "measures",
                    "subject",
                ]
            },
        ),
        ("Hvem", {"fields": ["evaluators", "commissioned_by"]}),
        (
            "Datoer",
            {
                "fields": ["due", "due_precision", "delivered_on", "delivered_on_precision"],
                "description": "Bruk første dag i perioden og velg presisjonen kilden gir "
                "(f.eks. «høsten 2022»: 1. september 2022 og presisjon årstid).",
            },
        ),
        ("Kilde", {"fields": ["source_text", "source", "section", "page", "position"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("evaluators")

    @admin.display(description="frist/ventet", ordering="due")
    def due_display(self, obj):
        return obj.due_display

    @admin.display(description="levert", ordering="delivered_on")
    def delivered_on_display(self, obj):
        return obj.delivered_on_display

    @admin.display(description="evaluatorer")
    def evaluator_list(self, obj):
        return ", ".join(org.display_name for org in obj.evaluators.all())


class StatementLinkInline(admin.TabularInline):
    model = Statement.measures.through
    autocomplete_fields = ["statement"]
    extra = 0
    verbose_name = "utsagn"
    verbose_name_plural = "utsagn"

    def get_queryset(self, request):
        # Each row is named after both ends (findings.apps): fetch them with the rows.
        return super().get_queryset(request).select_related("statement", "measure")


class EvaluationLinkInline(admin.TabularInline):
    model = Evaluation.measures.through
    autocomplete_fields = ["evaluation"]
    extra = 0
    verbose_name = "evaluering"
    verbose_name_plural = "evalueringer"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evaluation", "measure")


# findings depend on measures, never the reverse: the measure form gets its links
# to statements and evaluations from here.
MeasureAdmin.inlines = [*MeasureAdmin.inlines, EvaluationLinkInline, StatementLinkInline]

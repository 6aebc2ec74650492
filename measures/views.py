import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from findings.models import Evaluation, Statement
from ia_portal.forms import form_errors

from .budget import budget_rows, chart_max, kind_totals, total_use_ratio
from .filters import MeasureFilter
from .glance import measures_at_a_glance
from .models import AgreementPeriod, BudgetLine, Measure, MeasureSection, Responsibility
from .statements import group_statements

OVERVIEW_EVALUATIONS = 8


def overview(request):
    period = (
        AgreementPeriod.objects.prefetch_related("goals", "indicators")
        .order_by("-start_year")
        .first()
    )
    context = {
        "period": period,
        "glance": measures_at_a_glance(Measure.objects.all()),
        "summary": Statement.objects.for_listing().filter(is_summary=True),
        "evaluations": Evaluation.objects.for_listing()
        .pending()
        .filter(due__isnull=False)
        .order_by("due", "title")[:OVERVIEW_EVALUATIONS],
    }
    return render(request, "measures/overview.html", context)


def measure_list(request):
    filterset = MeasureFilter(request.GET, queryset=Measure.objects.all())
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": form_errors(filterset.form)}
        return render(request, "measures/measure_list.html", context, status=400)
    context = {"filterset": filterset, "glance": measures_at_a_glance(filterset.qs)}
    return render(request, "measures/measure_list.html", context)


def measure_detail(request, key):
    measure = get_object_or_404(
        Measure.objects.select_related("parent").prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("organisation"),
            ),
            Prefetch(
                "children",
                queryset=Measure.objects.prefetch_related(
                    Prefetch(
                        "responsibilities",
                        queryset=Responsibility.objects.select_related("organisation"),
                    )
                ),
            ),
            Prefetch("sections", queryset=MeasureSection.objects.select_related("source")),
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.select_related("source", "recipient", "measure"),
            ),
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.for_listing().order_by("due", "published", "title"),
            ),
            Prefetch("statements", queryset=Statement.objects.for_listing()),
        ),
        key=key,
    )
    today = datetime.date.today()
    evaluations = list(measure.evaluations.all())
    for evaluation in evaluations:
        evaluation.overdue = evaluation.is_overdue(today)
    rows = budget_rows(measure.budget_lines.all())
    statements = list(measure.statements.all())
    context = {
        "measure": measure,
        "sections": measure.sections.all(),
        "budget": rows,
        "budget_ratio": total_use_ratio(rows),
        "chart_max": chart_max(rows),
        "evaluations": evaluations,
        "groups": group_statements(statements),
        "citations": _citations(
            measure.sections.all(), measure.budget_lines.all(), evaluations, statements
        ),
    }
    return render(request, "measures/measure_detail.html", context)


def budget(request):
    lines = list(BudgetLine.objects.select_related("measure", "recipient", "source"))
    rows = budget_rows(lines)
    context = {
        "rows": rows,
        "totals": kind_totals(lines),
        "ratio": total_use_ratio(rows),
        "chart_max": chart_max(rows),
    }
    return render(request, "measures/budget.html", context)


def accessibility(request):
    return render(request, "pages/accessibility.html")


def _citations(*groups):
    """Distinct (document, section, page) the page's content cites, in source order."""
    seen = {}
    for group in groups:
        for row in group:
            key = (row.source.short_title, row.section, row.page)
            if key not in seen:
                seen[key] = (row.source.pk, row.line or 0)
    return sorted(seen, key=lambda key: seen[key])

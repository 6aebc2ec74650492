import datetime

from django.shortcuts import render
from django.views.decorators.http import require_safe

from findings.models import Evaluation, Statement
from ia_portal.access import FOLLOW_UP_PERMISSION, visible
from ia_portal.forms import form_errors

from .budget import budget_rows, chart_max, kind_totals, total_use_ratio
from .filters import MeasureFilter
from .glance import measures_at_a_glance
from .models import AgreementPeriod, BudgetLine, Measure
from .selectors import measure_for_page
from .statements import group_statements

OVERVIEW_EVALUATIONS = 8


@require_safe
def overview(request):
    period = (
        AgreementPeriod.objects.prefetch_related("goals", "indicators")
        .order_by("-start_year")
        .first()
    )
    context = {
        "period": period,
        "glance": measures_at_a_glance(Measure.objects.all(), request.user),
        "summary": visible(Statement.objects.for_listing(), request.user).filter(is_summary=True),
        "evaluations": visible(Evaluation.objects.for_listing(), request.user)
        .pending()
        .filter(due__isnull=False)
        .order_by("due", "title")[:OVERVIEW_EVALUATIONS],
    }
    return render(request, "measures/overview.html", context)


@require_safe
def measure_list(request):
    filterset = MeasureFilter(request.GET, queryset=Measure.objects.all(), request=request)
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": form_errors(filterset.form)}
        return render(request, "measures/measure_list.html", context, status=400)
    context = {
        "filterset": filterset,
        "glance": measures_at_a_glance(filterset.qs, request.user),
    }
    return render(request, "measures/measure_list.html", context)


@require_safe
def measure_detail(request, key):
    measure = measure_for_page(key, request.user)
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
        "follow_up_notes": (
            measure.follow_up_notes.all() if request.user.has_perm(FOLLOW_UP_PERMISSION) else None
        ),
        "citations": _citations(
            measure.sections.all(), measure.budget_lines.all(), evaluations, statements
        ),
    }
    return render(request, "measures/measure_detail.html", context)


@require_safe
def budget(request):
    lines = list(
        visible(BudgetLine.objects.select_related("measure", "recipient", "source"), request.user)
    )
    rows = budget_rows(lines)
    context = {
        "rows": rows,
        "totals": kind_totals(lines),
        "ratio": total_use_ratio(rows),
        "chart_max": chart_max(rows),
    }
    return render(request, "measures/budget.html", context)


@require_safe
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

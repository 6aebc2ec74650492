from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.forms import form_errors
from core.page_cache import cached_for_visitors

from .budget import budget_overview, budget_rows, chart_max, columns_for, has_use_ratio
from .filters import BudgetFilter
from .models import BudgetLine


@require_safe
@cached_for_visitors
def budget(request):
    lines = BudgetLine.objects.visible_to(request.user).select_related(
        "measure__parent", "recipient", "source"
    )
    filterset = BudgetFilter(request.GET, queryset=lines)
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": form_errors(filterset.form)}
        return render(request, "measures/budget.html", context, status=400)
    rows = budget_rows(list(filterset.qs))
    overview = budget_overview(rows)
    context = {
        "filterset": filterset,
        "rows": rows,
        "overview": overview,
        "yearly_columns": columns_for(overview.yearly),
        "yearly_has_ratio": has_use_ratio(overview.yearly),
        "undated_columns": columns_for(overview.undated),
        "removed_columns": columns_for(overview.removed),
        "chart_max": chart_max(overview.chart_rows),
    }
    return render(request, "measures/budget.html", context)

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.access import visible
from core.page_cache import cached_for_visitors

from .budget import budget_rows, chart_max, kind_totals, total_use_ratio
from .models import BudgetLine


@require_safe
@cached_for_visitors
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

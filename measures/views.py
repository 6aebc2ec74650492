from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.page_cache import cached_for_visitors

from .budget import (
    budget_overview,
    budget_rows,
    chart_max,
    columns_for,
    grouped_lines,
    has_use_ratio,
    listed_lines,
)
from .list_state import BudgetListState
from .models import Measure

# Budget lines listed with their source text per page; the real 44 fit on one.
# The tables above sum every line in the database, so the page never grows.
PAGE_SIZE = 100


@require_safe
@cached_for_visitors
def budget(request):
    state = BudgetListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    # A bad value gives a message and a 400, with the rest of the choices applied.
    lines = state.filtered
    measures = Measure.objects.select_related("parent").in_bulk()
    rows = budget_rows(grouped_lines(lines, measures))
    overview = budget_overview(rows)
    page = state.page(listed_lines(lines), size=PAGE_SIZE)
    context = {
        "state": state,
        "page": page,
        "overview": overview,
        "yearly_columns": columns_for(overview.yearly),
        "yearly_has_ratio": has_use_ratio(overview.yearly),
        "undated_columns": columns_for(overview.undated),
        "removed_columns": columns_for(overview.removed),
        "chart_max": chart_max(overview.chart_rows),
    }
    return render(request, "measures/budget.html", context, status=state.status)

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.forms import form_errors
from core.list_state import paginate
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
from .filters import BudgetFilter
from .models import BudgetLine, Measure

# Budget lines listed with their source text per page; the real 44 fit on one.
# The tables above sum every line in the database, so the page never grows.
PAGE_SIZE = 100


class PageChoice(forms.Form):
    side = forms.IntegerField(label="Side", min_value=1, max_value=100_000, required=False)


@require_safe
@cached_for_visitors
def budget(request):
    options = PageChoice(request.GET)
    filterset = BudgetFilter(request.GET, queryset=BudgetLine.objects.visible_to(request.user))
    if not (options.is_valid() and filterset.is_valid()):
        errors = form_errors(options, filterset.form)
        context = {"filterset": filterset, "errors": errors}
        return render(request, "measures/budget.html", context, status=400)
    lines = filterset.qs
    measures = Measure.objects.select_related("parent").in_bulk()
    rows = budget_rows(grouped_lines(lines, measures))
    overview = budget_overview(rows)
    page = paginate(listed_lines(lines), options.cleaned_data["side"], PAGE_SIZE)
    context = {
        "filterset": filterset,
        "page": page,
        "overview": overview,
        "yearly_columns": columns_for(overview.yearly),
        "yearly_has_ratio": has_use_ratio(overview.yearly),
        "undated_columns": columns_for(overview.undated),
        "removed_columns": columns_for(overview.removed),
        "chart_max": chart_max(overview.chart_rows),
    }
    return render(request, "measures/budget.html", context)

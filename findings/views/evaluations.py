import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.forms import form_errors
from core.page_cache import cached_for_visitors

from ..filters import EvaluationFilter
from ..models import Evaluation

# Evaluations per page: the real content (41) fits on one, as a reader of the
# sources expects; a growing register is paginated, so the page never grows.
PAGE_SIZE = 50


class PageChoice(forms.Form):
    side = forms.IntegerField(label="Side", min_value=1, max_value=100_000, required=False)


@require_safe
@cached_for_visitors
def evaluation_list(request):
    queryset = Evaluation.objects.visible_to(request.user).for_listing()
    filterset = EvaluationFilter(request.GET, queryset=queryset, request=request)
    options = PageChoice(request.GET)
    if not (filterset.is_valid() & options.is_valid()):
        context = {"filterset": filterset, "errors": form_errors(filterset.form, options)}
        return render(request, "findings/evaluation_list.html", context, status=400)
    page = _page(filterset.qs.in_date_order(), options.cleaned_data["side"])
    today = datetime.date.today()
    evaluations = list(page.object_list)
    for evaluation in evaluations:
        evaluation.overdue = evaluation.is_overdue(today)
    context = {
        "filterset": filterset,
        "page": page,
        "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "evaluations": evaluations,
        "today": today,
    }
    return render(request, "findings/evaluation_list.html", context)


def _page(queryset, number):
    paginator = Paginator(queryset, PAGE_SIZE)
    number = number or 1
    if number > max(paginator.num_pages, 1):
        raise Http404(f"Siden finnes ikke: det er {paginator.num_pages} sider.")
    return paginator.page(number)

import datetime

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.forms import form_errors
from core.page_cache import cached_for_visitors

from ..filters import EvaluationFilter
from ..models import Evaluation


@require_safe
@cached_for_visitors
def evaluation_list(request):
    queryset = Evaluation.objects.visible_to(request.user).for_listing()
    filterset = EvaluationFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": form_errors(filterset.form)}
        return render(request, "findings/evaluation_list.html", context, status=400)
    today = datetime.date.today()
    evaluations = list(filterset.qs.in_date_order())
    for evaluation in evaluations:
        evaluation.overdue = evaluation.is_overdue(today)
    context = {"filterset": filterset, "evaluations": evaluations, "today": today}
    return render(request, "findings/evaluation_list.html", context)

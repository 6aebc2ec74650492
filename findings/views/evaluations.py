import datetime

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.page_cache import cached_for_visitors

from ..list_state import EvaluationListState

# Evaluations per page: the real content (41) fits on one, as a reader of the
# sources expects; a growing register is paginated, so the page never grows.
PAGE_SIZE = 50


@require_safe
@cached_for_visitors
def evaluation_list(request):
    state = EvaluationListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    # A bad value gives a message and a 400, with the rest of the choices applied.
    page = state.page(state.results, size=PAGE_SIZE)
    today = datetime.date.today()
    evaluations = list(page.object_list)
    for evaluation in evaluations:
        evaluation.overdue = evaluation.is_overdue(today)
    context = {
        "state": state,
        "page": page,
        "evaluations": evaluations,
        "today": today,
    }
    return render(request, "findings/evaluation_list.html", context, status=state.status)

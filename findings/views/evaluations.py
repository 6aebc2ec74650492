import datetime

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from ..list_state import EvaluationListState


@require_safe
def evaluation_list(request):
    state = EvaluationListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    today = datetime.date.today()
    # A bad value gives a message and a 400, with the rest of the choices applied.
    evaluations = state.results
    for evaluation in evaluations:
        evaluation.overdue = evaluation.is_overdue(today)
    context = {"state": state, "evaluations": evaluations, "today": today}
    return render(request, "findings/evaluation_list.html", context, status=state.status)

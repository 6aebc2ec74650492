"""The measures-at-a-glance table shared by the overview and the measure list."""

from dataclasses import dataclass

from django.db.models import Count, Q

from core.access import can_see_drafts, visible
from measures.budget import budget_rows, use_summary
from measures.models import BudgetLine

from .models import Evaluation


@dataclass
class Glance:
    measure: object
    # What the sources say about how the money was used (measures.budget.UseSummary).
    budget_use: object
    next_evaluation: object
    statement_count: int


def measures_at_a_glance(measures, user):
    """One row per measure, counting what `user` may see; three queries whatever
    the number of measures."""
    counted = Q() if can_see_drafts(user) else Q(statements__publication="published")
    measures = list(
        measures.select_related("parent").annotate(
            statement_count=Count("statements", filter=counted)
        )
    )
    ids = [m.pk for m in measures]
    lines = visible(BudgetLine.objects.filter(measure_id__in=ids), user).select_related("measure")
    rows_by_measure = {}
    for row in budget_rows(lines):
        rows_by_measure.setdefault(row.measure.pk, []).append(row)
    next_due = {}
    links = (
        Evaluation.measures.through.objects.filter(
            measure_id__in=ids, evaluation__due__isnull=False
        )
        .exclude(evaluation__status=Evaluation.Status.PUBLISHED)
        .select_related("evaluation")
        .order_by("evaluation__due", "evaluation__title")
    )
    for link in links:
        next_due.setdefault(link.measure_id, link.evaluation)
    return [
        Glance(
            measure,
            use_summary(rows_by_measure.get(measure.pk, [])),
            next_due.get(measure.pk),
            measure.statement_count,
        )
        for measure in measures
    ]

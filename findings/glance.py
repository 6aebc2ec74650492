"""The measures-at-a-glance table shared by the overview and the measure list."""

from dataclasses import dataclass

from django.db.models import Count, Q

from measures.budget import budget_rows, use_summary
from measures.models import BudgetLine

from .evidence import evidence_by_measure
from .models import Evaluation, Statement


@dataclass
class Glance:
    measure: object
    # What the sources say about how the money was used (measures.budget.UseSummary).
    budget_use: object
    next_evaluation: object
    statement_count: int
    # What the evaluations tell (findings.evidence.Evidence).
    evidence: object = None


def measures_at_a_glance(measures, user):
    """One row per measure, counting what `user` may see; four queries whatever
    the number of measures."""
    # Distinct, so that no other join in `measures` can multiply the count. (A
    # correlated COUNT subquery would do the same, but SQLite plans it badly.)
    counted = Q(statements__in=Statement.objects.visible_to(user))
    measures = list(
        measures.select_related("parent").annotate(
            statement_count=Count("statements", filter=counted, distinct=True)
        )
    )
    ids = [m.pk for m in measures]
    budget_uses = _budget_uses(ids, user)
    next_due = _next_evaluations(ids, user)
    evidence = evidence_by_measure(ids, user)
    return [
        Glance(
            measure,
            budget_uses.get(measure.pk),
            next_due.get(measure.pk),
            measure.statement_count,
            evidence[measure.pk],
        )
        for measure in measures
    ]


def _budget_uses(measure_ids, user):
    """What the sources say about each measure's use of its money."""
    lines = BudgetLine.objects.visible_to(user).filter(measure_id__in=measure_ids)
    rows_by_measure = {}
    for row in budget_rows(lines.select_related("measure")):
        rows_by_measure.setdefault(row.measure.pk, []).append(row)
    return {pk: use_summary(rows_by_measure.get(pk, [])) for pk in measure_ids}


def _next_evaluations(measure_ids, user):
    """Each measure's first evaluation still due, among those `user` may see."""
    due = Evaluation.objects.visible_to(user).pending().filter(due__isnull=False)
    links = (
        Evaluation.measures.through.objects.filter(measure_id__in=measure_ids, evaluation__in=due)
        .select_related("evaluation")
        .order_by("evaluation__due", "evaluation__title")
    )
    next_due = {}
    for link in links:
        next_due.setdefault(link.measure_id, link.evaluation)
    return next_due

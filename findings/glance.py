"""The measures-at-a-glance table shared by the overview and the measure list."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from core import memo
from measures.budget import budget_rows, grouped_lines, use_summary
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
    the number of measures, statements or evaluations."""
    # Distinct, so that no other join in `measures` can multiply the count. (A
    # correlated COUNT subquery would do the same, but SQLite plans it badly.)
    counted = Q(statements__in=Statement.objects.visible_to(user))
    measures = memo.rows(
        measures.select_related("parent").annotate(
            statement_count=Count("statements", filter=counted, distinct=True),
        )
    )
    ids = [m.pk for m in measures]
    budget_uses = _budget_uses(measures, user)
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


def _budget_uses(measures, user):
    """What the sources say about each measure's use of its money, from the
    budget lines summed in the database."""
    by_pk = {measure.pk: measure for measure in measures}
    lines = BudgetLine.objects.visible_to(user).filter(measure_id__in=by_pk)
    rows_by_measure = {}
    for row in budget_rows(grouped_lines(lines, by_pk)):
        rows_by_measure.setdefault(row.measure.pk, []).append(row)
    return {pk: use_summary(rows_by_measure.get(pk, [])) for pk in by_pk}


def _next_evaluations(measure_ids, user):
    """Each measure's first evaluation still due, among those `user` may see,
    picked in the database (the first of each measure's links by date), so the
    page loads one evaluation per measure whatever the number of evaluations.
    One query."""
    due = Evaluation.objects.visible_to(user).pending().filter(due__isnull=False)
    firsts = (
        Evaluation.measures.through.objects.filter(measure_id__in=measure_ids, evaluation__in=due)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("measure_id"),
                order_by=[F("evaluation__due"), F("evaluation__title")],
            )
        )
        .filter(place=1)
        .select_related("evaluation")
    )
    return {link.measure_id: link.evaluation for link in memo.rows(firsts)}

"""The measures-at-a-glance table shared by the overview and the measure list."""

from dataclasses import dataclass

from django.db.models import Count, Q

from core import memo
from measures.budget import budget_rows, grouped_lines, use_summary
from measures.models import BudgetLine

from .evidence import evidence_by_measure
from .models import Statement


@dataclass
class Glance:
    measure: object
    # What the sources say about how the money was used (measures.budget.UseSummary).
    budget_use: object
    statement_count: int
    # What the evaluations tell (findings.evidence.EvidenceCounts), with the
    # first pending evaluation: the same «next» the gap map and /sammenlign/ name.
    evidence: object = None

    @property
    def next_evaluation(self):
        return self.evidence.next_evaluation if self.evidence else None


def measures_at_a_glance(measures, user, evidence_counted=None):
    """One row per measure, counting what `user` may see; three queries whatever
    the number of measures, statements or evaluations (two given
    `evidence_counted`: findings.evidence.counts_by_measure, read already)."""
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
    evidence = evidence_by_measure(ids, user, evidence_counted)
    return [
        Glance(measure, budget_uses.get(measure.pk), measure.statement_count, evidence[measure.pk])
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

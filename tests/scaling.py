"""Makes the real content N times larger, for query-count tests at scale."""

import copy

from django.db.models import F

from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure, MeasureSection, Responsibility


def multiply_content(factor):
    """Add factor-1 copies of every measure together with all of its content."""
    # Parents before their sub-measures on every database (PostgreSQL sorts NULLs last).
    measures = list(Measure.objects.order_by(F("parent_id").asc(nulls_first=True), "pk"))
    per_measure = [
        list(model.objects.all()) for model in (Responsibility, MeasureSection, BudgetLine)
    ]
    linked = [
        (
            row,
            [m.pk for m in row.measures.all()],
            list(row.evaluators.all()) if hasattr(row, "evaluators") else [],
        )
        for model in (Statement, Evaluation)
        for row in model.objects.prefetch_related("measures")
    ]
    for n in range(1, factor):
        suffix = f"x{n}"
        clones = {}
        for measure in measures:
            parent = clones.get(measure.parent_id) if measure.parent_id else None
            clones[measure.pk] = _clone(measure, suffix, parent=parent)
        for rows in per_measure:
            for row in rows:
                _clone(row, suffix, measure=clones[row.measure_id])
        for row, measure_ids, evaluators in linked:
            clone = _clone(row, suffix)
            clone.measures.set([clones[pk] for pk in measure_ids])
            if evaluators:
                clone.evaluators.set(evaluators)


def _evaluators(row):
    return list(row.evaluators.all()) if isinstance(row, Evaluation) else []


def _clone(obj, suffix, **changes):
    clone = copy.copy(obj)
    clone.pk = None
    clone._state = copy.copy(obj._state)
    clone._state.adding = True
    clone._state.fields_cache = {}
    clone.key = f"{obj.key}-{suffix}"
    for name, value in changes.items():
        setattr(clone, name, value)
    clone.save()
    return clone

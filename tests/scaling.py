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


def grow_statements_and_evaluations(factor):
    """Grow the content the way the portal grows in use, on any database: the
    measures stay, statements and evaluations get factor-1 published copies
    with their measures, evaluators and lead-ins, none in the summary. (The
    same as bench/grow.py, which is set-based SQL for PostgreSQL; budget lines,
    which grow a tenth as fast, get no copy below 11×.)"""
    for model, links in ((Statement, ["measures"]), (Evaluation, ["measures", "evaluators"])):
        originals = list(model.objects.prefetch_related(*links))
        for n in range(1, factor):
            copies = model.objects.bulk_create([_copy(row, n) for row in originals])
            for name in links:
                through = getattr(model, name).through
                own = getattr(model, name).field.m2m_field_name()
                other = getattr(model, name).field.m2m_reverse_field_name()
                through.objects.bulk_create(
                    through(**{own: copy, other: related})
                    for row, copy in zip(originals, copies, strict=True)
                    for related in getattr(row, name).all()
                )


def _copy(row, n):
    clone = copy.copy(row)
    clone.pk = None
    clone._state = copy.copy(row._state)
    clone._state.adding = True
    clone._prefetched_objects_cache = {}
    clone.key = f"{row.key}--kopi-{n}"
    clone.publication = "published"
    if isinstance(row, Statement):
        clone.is_summary = False
    return clone


def grow_budget_lines(factor):
    """factor-1 published copies of every budget line (bench/grow.py makes one
    copy per ten of the statements' growth)."""
    originals = list(BudgetLine.objects.all())
    for n in range(1, factor):
        BudgetLine.objects.bulk_create(_copy(row, n) for row in originals)

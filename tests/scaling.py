"""Makes the real content N times larger, for query-count tests at scale.

The copies are written in bulk (no save(), signals or edit history): the pages
under test read the rows, not their history, and saving thousands of rows one
by one cost most of the scaling test's time.
"""

import copy

from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure, MeasureSection, Responsibility

LINKS = {Statement: ["measures"], Evaluation: ["measures", "evaluators"]}


def multiply_content(factor):
    """Add factor-1 copies of every measure together with all of its content."""
    measures = list(Measure.objects.order_by("pk"))
    per_measure = [
        (model, list(model.objects.all())) for model in (Responsibility, MeasureSection, BudgetLine)
    ]
    linked = [
        (model, list(model.objects.prefetch_related(*names))) for model, names in LINKS.items()
    ]
    for n in range(1, factor):
        suffix = f"x{n}"
        clones = _clone_measures(measures, suffix)
        for model, rows in per_measure:
            model.objects.bulk_create(
                _copy(row, suffix, measure=clones[row.measure_id]) for row in rows
            )
        for model, rows in linked:
            copies = model.objects.bulk_create(_copy(row, suffix) for row in rows)
            for name in LINKS[model]:
                _link(model, name, rows, copies, clones)


def _clone_measures(measures, suffix):
    """Copies of the measures, parents before their sub-measures: {original pk: copy}."""
    clones = {}
    remaining = measures
    while remaining:
        level = [m for m in remaining if m.parent_id is None or m.parent_id in clones]
        created = Measure.objects.bulk_create(
            _copy(m, suffix, parent=clones.get(m.parent_id)) for m in level
        )
        clones.update({m.pk: clone for m, clone in zip(level, created, strict=True)})
        remaining = [m for m in remaining if m.pk not in clones]
    return clones


def _link(model, name, rows, copies, clones):
    """Give each copy its original's links; links to measures go to the copied measures."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = []
    for row, clone in zip(rows, copies, strict=True):
        for target in getattr(row, name).all():
            target = clones[target.pk] if name == "measures" else target
            links.append(through(**{own: clone, other: target}))
    through.objects.bulk_create(links)


def _copy(obj, suffix, **changes):
    clone = copy.copy(obj)
    clone.pk = None
    clone._state = copy.copy(obj._state)
    clone._state.adding = True
    clone._state.fields_cache = {}
    clone._prefetched_objects_cache = {}
    clone.key = f"{obj.key}-{suffix}"
    for name, value in changes.items():
        setattr(clone, name, value)
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
            copies = model.objects.bulk_create([_numbered_copy(row, n) for row in originals])
            for name in links:
                through = getattr(model, name).through
                own = getattr(model, name).field.m2m_field_name()
                other = getattr(model, name).field.m2m_reverse_field_name()
                through.objects.bulk_create(
                    through(**{own: copy, other: related})
                    for row, copy in zip(originals, copies, strict=True)
                    for related in getattr(row, name).all()
                )


def _numbered_copy(row, n):
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
        BudgetLine.objects.bulk_create(_numbered_copy(row, n) for row in originals)

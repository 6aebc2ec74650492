"""The gap map: what is known about each measure, by kind of evidence."""

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.page_cache import cached_for_visitors
from measures.models import Measure

from ..evidence import EvidenceStatus, evidence_by_measure


@dataclass
class MeasureGroup:
    """A measure and its sub-measures, each as (measure, Evidence)."""

    parent: tuple
    children: list


def grouped(measures, evidence):
    """Top-level measures in order, each with its sub-measures."""
    children = {}
    for measure in measures:
        if measure.parent_id is not None:
            children.setdefault(measure.parent_id, []).append((measure, evidence[measure.pk]))
    return [
        MeasureGroup((measure, evidence[measure.pk]), children.get(measure.pk, []))
        for measure in measures
        if measure.parent_id is None
    ]


def status_counts(evidence):
    """(status, number of measures) for each status, in the rule's order."""
    statuses = [item.status for item in evidence.values()]
    return [(status, statuses.count(status)) for status in EvidenceStatus]


@require_safe
@cached_for_visitors
def evidence_map(request):
    measures = list(
        Measure.objects.only("key", "name", "short_name", "position", "parent").order_by(
            "position", "name"
        )
    )
    evidence = evidence_by_measure([measure.pk for measure in measures], request.user)
    context = {"groups": grouped(measures, evidence), "counts": status_counts(evidence)}
    return render(request, "findings/evidence_map.html", context)

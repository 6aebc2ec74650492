"""The evidence status of a measure, derived from its evaluations, never typed.

The rule, from the evaluations of the measure that the user may see:

1. «Effekt evaluert»: a delivered report that examined effect
   (Evaluation.evidence is «effekt»).
2. «Bare resultater»: no such report, but a delivered evaluation of the
   measure's results, implementation or experiences.
3. «Evaluering ventes»: nothing delivered yet, but an evaluation (of effect or
   of results) is planned or ongoing; its due date is shown where the source
   gives one.
4. «Ingen planlagt»: no evaluation of the measure, delivered or to come.

Status and annual reports, surveys, baselines, knowledge reviews and research
the measure funds («annet kunnskapsgrunnlag») are shown in the gap map but
never count as an evaluation. The status says what the sources report at
their date: an evaluation the source calls ongoing stays pending until someone
records it as delivered.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field, replace

from django.db import models
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from core import memo

from .models import UNDATED, Evaluation

Kind = Evaluation.Evidence
Delivered = Evaluation.Status.DELIVERED


class EvidenceStatus(models.TextChoices):
    """The values are the `evidens` parameter of /virkemidler/."""

    EFFECT_EVALUATED = "effekt", "Effekt evaluert"
    RESULTS_ONLY = "resultater", "Bare resultater"
    PENDING = "ventes", "Evaluering ventes"
    NONE_PLANNED = "ingen", "Ingen planlagt"


# Designsystemet colour of each status's tag.
STATUS_COLORS = {
    EvidenceStatus.EFFECT_EVALUATED: "success",
    EvidenceStatus.RESULTS_ONLY: "info",
    EvidenceStatus.PENDING: "warning",
    EvidenceStatus.NONE_PLANNED: "neutral",
}


class _Verdict:
    """The status from what a measure's evaluations hold (lists or counts)."""

    @property
    def status(self):
        if self.effect:
            return EvidenceStatus.EFFECT_EVALUATED
        if self.results:
            return EvidenceStatus.RESULTS_ONLY
        if self.pending:
            return EvidenceStatus.PENDING
        return EvidenceStatus.NONE_PLANNED

    @property
    def label(self):
        return self.status.label

    @property
    def color(self):
        return STATUS_COLORS[self.status]

    @property
    def next_is_overdue(self):
        """The first due date has passed with nothing recorded as delivered: the
        sources are older than today, so the status may be out of date."""
        evaluation = self.next_evaluation
        return evaluation is not None and evaluation.is_overdue(timezone.localdate())


@dataclass
class Evidence(_Verdict):
    """A measure's evaluations sorted by what they tell, with the status."""

    effect: list = field(default_factory=list)  # delivered, examined effect
    results: list = field(default_factory=list)  # delivered, results or experiences
    pending: list = field(default_factory=list)  # planned or ongoing evaluations
    other: list = field(default_factory=list)  # other knowledge, delivered or not

    @property
    def next_evaluation(self):
        """The pending evaluation due first; one without a date only when none
        has a date."""
        return self.pending[0] if self.pending else None


@dataclass
class EvidenceCounts(_Verdict):
    """The same verdict from counts made in the database, for pages that must
    not load every evaluation: how many of each, and the first one due."""

    effect: int = 0
    results: int = 0
    pending: int = 0
    other: int = 0
    next_evaluation: Evaluation | None = None

    @property
    def pending_summary(self):
        """The gap map's «Ventes»: «2, første ventet 7. juli 2022», «1, dato ikke oppgitt», «0»."""
        if not self.pending:
            return "0"
        first = self.next_evaluation
        when = f"første ventet {first.due_display}" if first and first.due else UNDATED
        return f"{self.pending}, {when}"


def _due_order(evaluation):
    return (evaluation.due is None, evaluation.due or datetime.date.min, evaluation.title)


def evidence_of(evaluations):
    """The Evidence of a measure with these evaluations (already filtered to
    what the user may see). No queries."""
    evidence = Evidence()
    for evaluation in evaluations:
        evidence_list(evidence, evaluation).append(evaluation)
    evidence.pending.sort(key=_due_order)
    return evidence


def evidence_list(evidence, evaluation):
    """Which of the Evidence's lists the evaluation belongs in."""
    if evaluation.evidence == Kind.OTHER:
        return evidence.other
    if evaluation.status != Delivered:
        return evidence.pending
    return evidence.effect if evaluation.evidence == Kind.EFFECT else evidence.results


def evidence_by_measure(measure_ids, user, counted=None):
    """{measure id: EvidenceCounts} for each id, from the evaluations `user` may
    see. Two queries whatever the number of measures or evaluations: the counts
    per kind, and each measure's first pending evaluation. Given `counted`
    (`counts_by_measure(user)`, read already for a filter), one."""
    links = _links(user).filter(measure_id__in=measure_ids)
    if counted is None:
        found = _counts(links, measure_ids)
    else:
        found = {pk: replace(counted.get(pk, EvidenceCounts())) for pk in measure_ids}
    for link in memo.rows(_first_pending(links)):
        found[link.measure_id].next_evaluation = link.evaluation
    return found


def counts_by_measure(user):
    """{measure id: EvidenceCounts, without the next evaluation} for the measures
    with an evaluation `user` may see. One query."""
    return _counts(_links(user), [])


def statuses(counted):
    """{measure id: evidence status}, given `counts_by_measure()`; any other
    measure has none planned."""
    return {pk: counts.status for pk, counts in counted.items()}


def with_status(measures, status, statuses):
    """The measures whose evidence status is `status`, given `statuses()`. An IN, no query."""
    if status == EvidenceStatus.NONE_PLANNED:
        # A measure with no evaluation at all has no link either.
        return measures.exclude(pk__in=[pk for pk, s in statuses.items() if s != status])
    return measures.filter(pk__in=[pk for pk, s in statuses.items() if s == status])


def status_counts(measures, statuses):
    """{evidence status: how many of `measures` have it}, given `statuses()`.
    One query: the measures' ids."""
    ids = memo.rows(measures.values_list("pk", flat=True))
    counted = Counter(statuses.get(pk, EvidenceStatus.NONE_PLANNED) for pk in ids)
    return dict(counted)


# The rule of evidence_list, as conditions on the links' evaluations.
_OTHER = Q(evaluation__evidence=Kind.OTHER)
_DELIVERED = Q(evaluation__status=Delivered)
_EFFECT = Q(evaluation__evidence=Kind.EFFECT)
_PENDING = ~_OTHER & ~_DELIVERED


def _counts(links, measure_ids):
    found = {pk: EvidenceCounts() for pk in measure_ids}
    rows = (
        links.order_by()
        .values("measure_id")
        .annotate(
            effect=Count("pk", filter=~_OTHER & _DELIVERED & _EFFECT),
            results=Count("pk", filter=~_OTHER & _DELIVERED & ~_EFFECT),
            pending=Count("pk", filter=_PENDING),
            other=Count("pk", filter=_OTHER),
        )
    )
    for row in memo.rows(rows):
        row = dict(row)  # kept rows are shared: leave them as they were
        measure_id = row.pop("measure_id")
        found[measure_id] = EvidenceCounts(**row)
    return found


def _first_pending(links):
    """Each measure's pending evaluation due first (the undated last, then by
    title, as `evidence_of` sorts them)."""
    due_first = [F("evaluation__due").asc(nulls_last=True), F("evaluation__title").asc()]
    place = Window(RowNumber(), partition_by=F("measure_id"), order_by=due_first)
    return links.filter(_PENDING).order_by().annotate(place=place).filter(place=1)


def _links(user):
    visible = Evaluation.objects.visible_to(user)
    return (
        Evaluation.measures.through.objects.filter(evaluation__in=visible)
        .select_related("evaluation")
        .order_by("evaluation__title")
    )

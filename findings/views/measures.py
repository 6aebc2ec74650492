"""The pages that show measures with what is said and known about them."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core import memo
from core.access import FOLLOW_UP_PERMISSION
from core.page_cache import cached_for_visitors
from measures.budget import chart_max, columns_for, has_use_ratio, use_summary
from measures.descriptions import with_footnotes
from measures.models import AgreementPeriod, Goal, Indicator, Measure

from ..evidence import evidence_by_measure
from ..glance import measures_at_a_glance
from ..list_state import MeasureListState
from ..models import Evaluation, Statement
from ..selectors import budget_for_page, evaluations_for_page, measure_for_page, statements_for_page

OVERVIEW_EVALUATIONS = 8


@dataclass
class PendingCounts:
    """How many pending evaluations the overview lists, of how many, so the
    page can say what it leaves out."""

    shown: int
    pending: int
    dated: int

    @property
    def leaves_some_out(self):
        return self.shown < self.pending

    @property
    def leaves_dated_out(self):
        return self.shown < self.dated

    @property
    def some_undated(self):
        return self.pending > self.dated


@require_safe
@cached_for_visitors
def overview(request):
    period = (
        AgreementPeriod.objects.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("source")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("source")),
        )
        .order_by("-start_year")
        .first()
    )
    evaluations = Evaluation.objects.visible_to(request.user).for_listing().pending()
    shown = memo.rows(
        evaluations.filter(due__isnull=False).order_by("due", "title")[:OVERVIEW_EVALUATIONS]
    )
    counts = memo.aggregate(
        evaluations, pending=Count("pk"), dated=Count("pk", filter=Q(due__isnull=False))
    )
    context = {
        "period": period,
        "glance": measures_at_a_glance(Measure.objects.all(), request.user),
        "summary": memo.rows(
            Statement.objects.visible_to(request.user).for_listing().filter(is_summary=True)
        ),
        "evaluations": shown,
        "evaluation_counts": PendingCounts(shown=len(shown), **counts),
    }
    return render(request, "findings/overview.html", context)


@require_safe
@cached_for_visitors
def measure_list(request):
    state = MeasureListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    # A bad value gives a message and a 400, with the rest of the filters applied.
    # The evidence filter has counted the evaluations of every measure: the table reuses them.
    counted = state.filterset.evidence_counts
    context = {
        "state": state,
        "glance": measures_at_a_glance(state.filtered, request.user, evidence_counted=counted),
    }
    return render(request, "findings/measure_list.html", context, status=state.status)


@require_safe
@cached_for_visitors
def measure_detail(request, key):
    measure = measure_for_page(key, request.user)
    today = datetime.date.today()
    evaluations, more_evaluations = evaluations_for_page(measure, request.user)
    for evaluation in evaluations:
        evaluation.overdue = evaluation.is_overdue(today)
    rows, budget_lines, more_budget_lines = budget_for_page(measure, request.user)
    groups, more_statements, statements = statements_for_page(measure, request.user)
    context = {
        "measure": measure,
        "descriptions": with_footnotes(measure.sections.all()),
        "budget": rows,
        "budget_lines": budget_lines,
        "more_budget_lines": more_budget_lines,
        "budget_columns": columns_for(rows),
        "budget_has_ratio": has_use_ratio(rows),
        "budget_use": use_summary(rows),
        "chart_rows": [row for row in rows if row.chart_bars()],
        "chart_max": chart_max(rows),
        "evaluations": evaluations,
        # From all the measure's evaluations, not only the ones the page lists.
        "evidence": evidence_by_measure([measure.pk], request.user)[measure.pk],
        "more_evaluations": more_evaluations,
        "groups": groups,
        "more": more_statements,
        "follow_up_notes": (
            measure.follow_up_notes.all() if request.user.has_perm(FOLLOW_UP_PERMISSION) else None
        ),
        "citations": _citations(measure.sections.all(), budget_lines, evaluations, statements),
    }
    return render(request, "findings/measure_detail.html", context)


def _citations(*groups):
    """Distinct (document, section, page) the page's content cites, in source
    order, each with the link to its first line on the document's page."""
    first = {}
    for group in groups:
        for row in group:
            key = (row.source.short_title, row.section, row.page)
            place = (row.source.pk, row.line or 0)
            if key not in first or place < first[key][0]:
                first[key] = (place, row.source_url)
    return [(*key, first[key][1]) for key in sorted(first, key=lambda key: first[key][0])]

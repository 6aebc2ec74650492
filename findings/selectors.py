"""The queries behind a measure's page: a fixed number whatever the content size."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from core.access import FOLLOW_UP_PERMISSION
from measures.models import BudgetLine, FollowUpNote, Measure, MeasureSection, Responsibility

from .models import Evaluation, Statement


def _responsibilities():
    return Prefetch(
        "responsibilities", queryset=Responsibility.objects.select_related("organisation")
    )


def measure_for_page(key, user):
    """The measure with everything its page shows that `user` may see, or 404."""
    prefetches = [
        _responsibilities(),
        Prefetch("children", queryset=Measure.objects.prefetch_related(_responsibilities())),
        Prefetch("sections", queryset=MeasureSection.objects.select_related("source")),
        Prefetch(
            "budget_lines",
            queryset=BudgetLine.objects.visible_to(user).select_related(
                "source", "recipient", "measure"
            ),
        ),
        Prefetch(
            "evaluations",
            queryset=Evaluation.objects.visible_to(user).for_listing().in_date_order(),
        ),
        Prefetch("statements", queryset=Statement.objects.visible_to(user).for_listing()),
        # The versions of the measure in later agreement periods.
        Prefetch("continued_in", queryset=Measure.objects.select_related("period")),
    ]
    if user.has_perm(FOLLOW_UP_PERMISSION):
        prefetches.append(
            Prefetch("follow_up_notes", queryset=FollowUpNote.objects.select_related("author"))
        )
    queryset = Measure.objects.select_related(
        "parent", "period", "continues__period"
    ).prefetch_related(*prefetches)
    return get_object_or_404(queryset, key=key)

"""The GET state of /budsjett/: the period filter with counts, and the page of
budget lines listed."""

from core import memo
from core.list_state import ListState, PageOnly

from .filters import BudgetFilter
from .models import BudgetLine


class BudgetListState(ListState):
    filterset_class = BudgetFilter
    options_class = PageOnly

    def __init__(self, request):
        super().__init__(request, BudgetLine.objects.visible_to(request.user))

    def facet_counts(self):
        """Budget lines per period: the only filter, so nothing else narrows it. One
        query, kept per content version."""
        return {"periode": memo.counts_by(self.queryset, "period__key")}

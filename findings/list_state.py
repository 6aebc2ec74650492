"""The GET state of /funn/ (search, filters with counts, sort, page and format),
of /evalueringer/ (filters with counts and pages) and of /virkemidler/ (filters
with counts)."""

import functools

from django.utils.functional import cached_property

from core.list_state import ListState, NoOptions, PageOnly, counts_per_filter
from measures.models import Measure

from . import search
from .facets import statement_facets
from .filters import (
    EvaluationFilter,
    MeasureFilter,
    StatementFilter,
    evaluation_counts,
    measure_counts,
)
from .models import Evaluation, Statement

# Kept ahead of the others, in this order; the search box and sort are not selects.
SEARCH, SORT = "q", "sorter"
RELEVANCE, SOURCE_ORDER = "relevans", "kilde"
YEAR = "ar"  # a number field, not a select


class StatementListState(ListState):
    filterset_class = StatementFilter

    def __init__(self, request):
        queryset = Statement.objects.visible_to(request.user).for_listing()
        super().__init__(request, queryset)

    @property
    def query(self):
        """The search as typed, when it is valid; else ""."""
        return self.cleaned(SEARCH) or ""

    @property
    def sort(self):
        """The sort in effect: relevance when searching unless another is chosen,
        and the sources' order where there is no rank (no search, or SQLite)."""
        chosen = self.cleaned(SORT) or RELEVANCE
        if chosen == RELEVANCE and not self._ranked:
            return SOURCE_ORDER
        return chosen

    @property
    def _ranked(self):
        return bool(self.query) and "rank" in self.filtered.query.annotations

    @cached_property
    def results(self):
        if self.sort == RELEVANCE:
            return self.filtered.order_by("-rank", "source__title", "line", "position")
        return self.filtered.order_by(*StatementFilter.SORTS[self.sort][1])

    def highlighted(self, statement):
        """The statement's text with the search's matches marked, or None."""
        return search.highlight(statement, self.query) if self.query else None

    def select_names(self):
        return list(StatementFilter.FACETS)

    def facet_counts(self):
        # A valid filterset is reused; after a bad value the facets validate
        # the usable rest themselves.
        filterset = self.filterset if self.is_valid else None
        facets = statement_facets(StatementFilter, self.params, self.queryset, filterset=filterset)
        return {facet.name: {o.value: o.count for o in facet.options} for facet in facets}


class EvaluationListState(ListState):
    """The GET state of /evalueringer/: filters and pages, no formats."""

    filterset_class = EvaluationFilter
    options_class = PageOnly

    def __init__(self, request):
        super().__init__(request, Evaluation.objects.visible_to(request.user).for_listing())

    def select_names(self):
        return [name for name in self.filterset.filters if name != YEAR]

    def facet_counts(self):
        self.is_valid  # noqa: B018 - the counts start from the validated values
        return counts_per_filter(self.filterset, self.select_names(), evaluation_counts)

    @cached_property
    def results(self):
        return self.filtered.in_date_order()


class MeasureListState(ListState):
    """The GET state of /virkemidler/: filters with counts; every measure on one page."""

    filterset_class = MeasureFilter
    options_class = NoOptions

    def __init__(self, request):
        super().__init__(request, Measure.objects.all())

    def facet_counts(self):
        self.is_valid  # noqa: B018 - the counts start from the validated values
        count = functools.partial(measure_counts, self.filterset)
        return counts_per_filter(self.filterset, self.select_names(), count)

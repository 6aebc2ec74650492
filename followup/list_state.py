"""The GET state of /oppfolging/: filters with counts, page and export format."""

import functools

from django import forms
from django.utils.functional import cached_property

from core import memo
from core.list_state import ListState, PageOptions, counts_per_filter

from .filters import FollowUpFilter, item_counts
from .models import Status
from .selectors import items_for_listing, visible_items


class FollowUpOptions(PageOptions):
    format = forms.ChoiceField(
        choices=[("", "Nettside"), ("csv", "CSV"), ("xlsx", "XLSX")],
        required=False,
        error_messages={"invalid_choice": "Formatet kan være csv eller xlsx."},
    )


class FollowUpListState(ListState):
    filterset_class = FollowUpFilter
    options_class = FollowUpOptions
    page_size = 100

    def __init__(self, request):
        super().__init__(request, visible_items(request.user))

    @cached_property
    def results(self):
        return items_for_listing(self.filtered, self.request.user)

    def status_counts(self):
        """(label, count) for every status in the selection, in the scale's order."""
        counts = memo.counts_by(self.filtered, "status")
        return [(label, counts.get(value, 0)) for value, label in Status.choices]

    def facet_counts(self):
        self.is_valid  # noqa: B018 - the counts start from the validated values
        count = functools.partial(item_counts, self.request.user)
        return counts_per_filter(self.filterset, self.select_names(), count)

"""Filters for the follow-up list, and counts per option for the current selection.

Every GET parameter goes through a form field, so a wrong value gives a
Norwegian message and a 400, never a 500.
"""

import django_filters
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from core import memo
from findings.filters import by_key, periods_with_measures
from measures.models import Measure, SourceDocument

from .models import FollowUpItem, Owner, Status
from .selectors import visible_quotes

OVERDUE_CHOICES = [("ja", "Bare forsinkede")]


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status, label="Status")
    ansvarlig = django_filters.ChoiceFilter(field_name="owner", choices=Owner, label="Ansvarlig")
    # The choices are the options' only labels (the page groups sub-measures).
    virkemiddel = by_key(
        Measure.objects.order_by("position", "name"), label="Virkemiddel", method="about_measure"
    )
    kilde = by_key(SourceDocument.objects.order_by("title"), label="Kilde", method="from_source")
    forsinket = django_filters.ChoiceFilter(
        choices=OVERDUE_CHOICES, label="Forsinket (måldatoen er passert)", method="overdue"
    )
    periode = periods_with_measures(field_name="period")

    class Meta:
        model = FollowUpItem
        fields = []

    def _quoting(self, **conditions):
        quotes = visible_quotes(self.request.user).filter(item=OuterRef("pk"), **conditions)
        return Exists(quotes)

    def about_measure(self, queryset, name, value):
        return queryset.filter(self._quoting(statement__measures=value))

    def from_source(self, queryset, name, value):
        return queryset.filter(self._quoting(statement__source=value))

    def overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate())


def item_counts(user, name, items):
    """{option value: items} for the select `name` of a FollowUpFilter. One
    query, kept per content version."""
    if name == "forsinket":
        return {"ja": memo.count(items.overdue(timezone.localdate()))}
    if name in _ITEM_FIELDS:
        return memo.counts_by(items, _ITEM_FIELDS[name])
    field = {"virkemiddel": "statement__measures__key", "kilde": "statement__source__key"}[name]
    quotes = visible_quotes(user).filter(item__in=items.values("pk"))
    return memo.counts_by(quotes, field, Count("item", distinct=True))


_ITEM_FIELDS = {"status": "status", "ansvarlig": "owner", "periode": "period__key"}

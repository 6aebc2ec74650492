"""Filters for the follow-up list, and counts per option for the current selection.

Every GET parameter goes through a form field, so a wrong value gives a
Norwegian message and a 400, never a 500.
"""

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from findings.filters import by_key, periods_with_measures
from measures.models import AgreementPeriod, Measure, SourceDocument

from .models import FollowUpItem, Owner, Status
from .selectors import visible_quotes

OVERDUE_CHOICES = [("ja", "Bare forsinkede")]


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status, label="Status")
    ansvarlig = django_filters.ChoiceFilter(field_name="owner", choices=Owner, label="Ansvarlig")
    virkemiddel = by_key(Measure.objects.all(), label="Virkemiddel", method="about_measure")
    kilde = by_key(SourceDocument.objects.all(), label="Kilde", method="from_source")
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


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list


def facets(data, queryset, request):
    """For each filter, how many items each option gives with the other filters
    applied. One query per filter, plus two for the option labels."""
    labels = _option_labels()
    result = []
    for name, filter_ in FollowUpFilter.base_filters.items():
        others = data.copy()
        others.pop(name, None)
        matching = FollowUpFilter(others, queryset=queryset, request=request).qs
        counts = _counts(name, matching, request.user)
        selected = data.get(name, "")
        options = [
            Option(value, label, counts.get(value, 0), value == selected)
            for value, label in labels[name]
        ]
        result.append(Facet(name, filter_.label, options))
    return result


def _counts(name, items, user):
    if name == "status":
        return dict(items.order_by().values_list("status").annotate(n=Count("pk")))
    if name == "ansvarlig":
        return dict(items.order_by().values_list("owner").annotate(n=Count("pk")))
    if name == "forsinket":
        return {"ja": items.overdue(timezone.localdate()).count()}
    if name == "periode":
        return dict(items.order_by().values_list("period__key").annotate(n=Count("pk")))
    field = {"virkemiddel": "statement__measures__key", "kilde": "statement__source__key"}[name]
    quotes = visible_quotes(user).filter(item__in=items.values("pk"))
    return dict(quotes.order_by().values_list(field).annotate(n=Count("item", distinct=True)))


def _option_labels():
    return {
        "status": Status.choices,
        "ansvarlig": Owner.choices,
        "virkemiddel": measure_options(),
        "kilde": list(SourceDocument.objects.order_by("title").values_list("key", "short_title")),
        "forsinket": OVERDUE_CHOICES,
        "periode": list(AgreementPeriod.objects.with_measures().values_list("key", "name")),
    }


def measure_options():
    """Measures with each sub-measure right after its parent, marked with a dash."""
    rows = Measure.objects.order_by("position", "name").values_list("pk", "key", "name", "parent")
    children = {}
    for _, key, name, parent in rows:
        children.setdefault(parent, []).append((key, f"– {name}"))
    ordered = []
    for pk, key, name, parent in rows:
        if parent is None:
            ordered += [(key, name), *children.get(pk, [])]
    return ordered

"""Counts per filter option for the current selection, one query per facet."""

from dataclasses import dataclass

from django.db.models import Count

from measures.models import AgreementPeriod, Measure, Organisation, SourceDocument

from .models import Statement


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
    options: list[Option]


def statement_facets(filterset_class, data, queryset):
    """For each facet, count matches with every other filter applied but its own."""
    labels = _option_labels(queryset)
    facets = []
    for name, field in filterset_class.FACETS.items():
        others = data.copy()
        others.pop(name, None)
        others.pop("sorter", None)
        matching = filterset_class(others, queryset=queryset).qs
        # Distinct: a statement with two measures in one focus area is one statement.
        counts = dict(matching.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))
        selected = data.get(name, "")
        options = [
            Option(value, label, counts.get(value, 0), value == selected)
            for value, label in labels[name]
        ]
        facets.append(Facet(name, filterset_class.base_filters[name].label, options))
    return facets


def _option_labels(statements):
    measures = Measure.objects.order_by("position", "name").values_list("key", "name")
    sources = SourceDocument.objects.order_by("title").values_list("key", "short_title")
    # Only organisations that speak in a statement the user may see.
    speakers = Organisation.objects.filter(pk__in=statements.values("voice_organisation"))
    return {
        "virkemiddel": list(measures),
        "type": Statement.Kind.choices,
        "avsender": Statement.Voice.choices,
        "organisasjon": [(o.key, o.display_name) for o in speakers.order_by("name")],
        "mottaker": [c for c in Statement.Addressee.choices if c[0]],
        "kilde": list(sources),
        "innsatsomrade": Measure.FocusArea.choices,
        "periode": list(AgreementPeriod.objects.with_measures().values_list("key", "name")),
    }

"""Filters for the measure, statement and evaluation lists.

Every GET parameter goes through a form field, so unknown choices, wrong
types, NUL bytes and overlong queries give a message and a 400, never a 500.

A filter across a to-many relation (a statement's measures, a measure's
organisations or evaluations) is an EXISTS subquery, never a join: a join
repeats a row once per match, and every Count over the result with it.
Choices that only content exists to offer (an evaluation's evaluators and
measures) are taken from what the user may see, so a draft shows in no list.
"""

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import cached_property
from django_filters.constants import EMPTY_VALUES

from core import memo
from measures.models import AgreementPeriod, Measure, Organisation, Responsibility, SourceDocument

from . import evidence, search
from .evidence import EvidenceStatus
from .models import Evaluation, Statement

MAX_QUERY_LENGTH = 200


def where_related(queryset, relation, condition):
    """The rows of `queryset` with a row across the to-many `relation` that
    meets `condition`. An EXISTS adds no join, so each row stays one row."""
    field = queryset.model._meta.get_field(relation)
    related = field.related_model._base_manager.filter(**{field.remote_field.name: OuterRef("pk")})
    return queryset.filter(Exists(related.filter(condition)))


class RelatedFilterMixin:
    """Filters across a to-many relation with EXISTS instead of a join.
    `field_name` is the relation, then optionally a field of the related rows."""

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        relation, _, path = self.field_name.partition("__")
        # Without a path, the value is the chosen related row itself.
        condition = Q(**{f"{path}__{self.lookup_expr}": value}) if path else Q(pk=value.pk)
        return where_related(queryset, relation, condition)


class RelatedChoiceFilter(RelatedFilterMixin, django_filters.ChoiceFilter):
    pass


class RelatedModelChoiceFilter(RelatedFilterMixin, django_filters.ModelChoiceFilter):
    pass


def by_key(queryset, related=False, **kwargs):
    """A choice of model rows by their stable `key`, as it appears in shareable
    links; `related` for a to-many field. `queryset` may be a function of the
    request."""
    filter_class = RelatedModelChoiceFilter if related else django_filters.ModelChoiceFilter
    return filter_class(queryset=queryset, to_field_name="key", **kwargs)


def periods_with_measures(label="Avtaleperiode", **kwargs):
    """The agreement period, by key; the choices are the periods that hold
    measures, so one period with content gives one choice."""
    return by_key(AgreementPeriod.objects.with_measures(), label=label, **kwargs)


def viewer(request):
    """The user a filter's choices are for; without a request, a visitor."""
    return getattr(request, "user", None) or AnonymousUser()


# The choices below are lists of ids computed once (IN), not a correlated
# EXISTS: without table statistics SQLite runs that over every evaluation for
# every row, four times slower at ten times the content.


def evaluators_in_view(request):
    """Organisations that evaluated something the user may see."""
    evaluations = Evaluation.objects.visible_to(viewer(request))
    links = Evaluation.evaluators.through.objects.filter(evaluation__in=evaluations)
    return Organisation.objects.filter(pk__in=links.values("organisation"))


def evaluated_measures_in_view(request):
    """Measures with an evaluation the user may see."""
    evaluations = Evaluation.objects.visible_to(viewer(request))
    links = Evaluation.measures.through.objects.filter(evaluation__in=evaluations)
    return Measure.objects.filter(pk__in=links.values("measure"))


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.update(
            max_length=MAX_QUERY_LENGTH,
            required=False,
            strip=True,
            error_messages={
                "max_length": f"Søket kan være høyst {MAX_QUERY_LENGTH} tegn.",
                "null_characters_not_allowed": "Søket inneholder ugyldige tegn.",
            },
        )
        super().__init__(**kwargs)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

    def filter(self, queryset, value):
        return search.apply(queryset, value) if value else queryset


class StatementFilter(django_filters.FilterSet):
    """The filters of /funn/. Their choices are the options' only labels: the
    page's selects are built from them (see `findings.list_state`)."""

    # Without a chosen sort: best match first when searching, else the sources' order.
    SORTS = {
        "relevans": ("Beste treff først (ved søk)", None),
        "kilde": ("Kildens rekkefølge", ["source__title", "line", "position"]),
        "type": ("Type", ["kind", "source__title", "line"]),
        "avsender": ("Avsender", ["voice", "source__title", "line"]),
    }

    q = SearchFilter(label="Søk i utsagnene")
    virkemiddel = by_key(
        Measure.objects.order_by("position", "name"),
        related=True,
        field_name="measures",
        label="Virkemiddel",
    )
    type = django_filters.ChoiceFilter(field_name="kind", choices=Statement.Kind, label="Type")
    avsender = django_filters.ChoiceFilter(
        field_name="voice", choices=Statement.Voice, label="Avsender"
    )
    organisasjon = by_key(
        # EXISTS: a join with every statement and DISTINCT grows with them.
        Organisation.objects.filter(
            Exists(Statement.objects.filter(voice_organisation=OuterRef("pk")))
        ).order_by("name"),
        field_name="voice_organisation",
        label="Organisasjon (avsender)",
    )
    mottaker = django_filters.ChoiceFilter(
        field_name="addressee",
        choices=[c for c in Statement.Addressee.choices if c[0]],
        label="Mottaker (anbefalinger)",
    )
    kilde = by_key(
        SourceDocument.objects.order_by("title"), field_name="source", label="Kildedokument"
    )
    innsatsomrade = RelatedChoiceFilter(
        field_name="measures__focus_area",
        choices=Measure.FocusArea,
        label="Innsatsområde",
    )
    periode = periods_with_measures(field_name="period")
    sorter = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        label="Sortering",
        method="sort",
        empty_label="Standard",
    )

    class Meta:
        model = Statement
        fields = []

    # Facets: parameter -> the field whose values are counted.
    FACETS = {
        "virkemiddel": "measures__key",
        "type": "kind",
        "avsender": "voice",
        "organisasjon": "voice_organisation__key",
        "mottaker": "addressee",
        "kilde": "source__key",
        "innsatsomrade": "measures__focus_area",
        "periode": "period__key",
    }

    def sort(self, queryset, name, value):
        # Applied by the page's state after all filters, so that search rank exists.
        return queryset


# Not yet delivered: planned or ongoing. The overview links here for «the rest».
PENDING = "ventes"


class EvaluationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(PENDING, "Ventes (planlagt eller pågår)"), *Evaluation.Status.choices],
        method="with_status",
        label="Status",
    )
    evaluator = by_key(evaluators_in_view, related=True, field_name="evaluators", label="Evaluator")
    virkemiddel = by_key(
        evaluated_measures_in_view, related=True, field_name="measures", label="Virkemiddel"
    )
    ar = django_filters.NumberFilter(
        method="in_year",
        label="År (frist eller levert)",
        min_value=2000,
        max_value=2100,
    )
    # An evaluation belongs to the periods of the measures it evaluates.
    periode = periods_with_measures(related=True, field_name="measures__period")

    class Meta:
        model = Evaluation
        fields = []

    def with_status(self, queryset, name, value):
        if value == PENDING:
            return queryset.pending()
        return queryset.filter(status=value)

    def in_year(self, queryset, name, value):
        return queryset.filter(Q(due__year=value) | Q(delivered_on__year=value))


class MeasureFilter(django_filters.FilterSet):
    innsatsomrade = django_filters.ChoiceFilter(
        field_name="focus_area", choices=Measure.FocusArea, label="Innsatsområde"
    )
    status = django_filters.ChoiceFilter(choices=Measure.Status, label="Status i avtalen")
    organisasjon = by_key(
        Organisation.objects.filter(
            Exists(Responsibility.objects.filter(organisation=OuterRef("pk")))
        ),
        related=True,
        field_name="organisations",
        label="Ansvarlig organisasjon",
    )
    evaluering = django_filters.ChoiceFilter(
        choices=Evaluation.Status,
        label="Har evaluering som er",
        method="with_evaluation",
    )
    periode = periods_with_measures(field_name="period")

    evidens = django_filters.ChoiceFilter(
        choices=EvidenceStatus,
        label="Kunnskapsstatus",
        method="with_evidence",
    )

    class Meta:
        model = Measure
        fields = []

    def with_evidence(self, queryset, name, value):
        return evidence.with_status(queryset, value, self.evidence_statuses)

    @cached_property
    def evidence_counts(self):
        """Read once per request, for this filter, its counts and the table."""
        return evidence.counts_by_measure(viewer(self.request))

    @cached_property
    def evidence_statuses(self):
        return evidence.statuses(self.evidence_counts)

    def with_evaluation(self, queryset, name, value):
        evaluations = Evaluation.objects.visible_to(viewer(self.request)).filter(status=value)
        # Correlated on the link table's index, with the evaluations computed once.
        links = Evaluation.measures.through.objects.filter(
            measure=OuterRef("pk"), evaluation__in=evaluations
        )
        return queryset.filter(Exists(links))


# Each filter's field, as its options' values name it (MeasureFilter).
_MEASURE_FIELDS = {
    "innsatsomrade": "focus_area",
    "status": "status",
    "organisasjon": "organisations__key",
    "periode": "period__key",
}


def measure_counts(filterset, name, measures):
    """{option value: measures} for the filter `name` of a MeasureFilter. One
    query; the evidence statuses are read once for the filter and its count."""
    if name == "evidens":
        return evidence.status_counts(measures, filterset.evidence_statuses)
    if name == "evaluering":
        visible = Evaluation.objects.visible_to(viewer(filterset.request))
        links = Evaluation.measures.through.objects.filter(
            measure__in=measures.values("pk"), evaluation__in=visible
        )
        return memo.counts_by(links, "evaluation__status", Count("measure", distinct=True))
    return memo.counts_by(measures, _MEASURE_FIELDS[name], Count("pk", distinct=True))


# Each select's link table and the field its options' values name (EvaluationFilter).
_EVALUATION_LINKS = {
    "evaluator": (Evaluation.evaluators.through, "organisation__key"),
    "virkemiddel": (Evaluation.measures.through, "measure__key"),
    "periode": (Evaluation.measures.through, "measure__period__key"),
}


def evaluation_counts(name, evaluations):
    """{option value: evaluations} for the select `name` of an EvaluationFilter. One
    query, kept per content version (it counts every evaluation that matches).
    The related options are counted on their link table, where each evaluation
    and option meet once (an IN, no join of the evaluations to every link)."""
    evaluations = evaluations.order_by().prefetch_related(None)
    if name == "status":
        found = memo.counts_by(evaluations, "status", Count("pk", distinct=True))
        pending = sum(n for status, n in found.items() if status != Evaluation.Status.DELIVERED)
        return found | {PENDING: pending}
    links, field = _EVALUATION_LINKS[name]
    matching = links.objects.filter(evaluation__in=evaluations.values("pk"))
    # Two measures of one period would count an evaluation twice.
    return memo.counts_by(matching, field, Count("evaluation", distinct=name == "periode"))

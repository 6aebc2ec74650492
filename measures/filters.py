import django_filters

from findings.filters import by_key
from findings.models import Evaluation
from ia_portal.access import visible

from .models import Measure, Organisation


class MeasureFilter(django_filters.FilterSet):
    innsatsomrade = django_filters.ChoiceFilter(
        field_name="focus_area", choices=Measure.FocusArea, label="Innsatsområde"
    )
    status = django_filters.ChoiceFilter(choices=Measure.Status, label="Status i avtalen")
    organisasjon = by_key(
        Organisation.objects.filter(responsibilities__isnull=False).distinct(),
        field_name="organisations",
        label="Ansvarlig organisasjon",
        distinct=True,
    )
    evaluering = django_filters.ChoiceFilter(
        choices=Evaluation.Status,
        label="Har evaluering som er",
        method="with_evaluation",
    )

    class Meta:
        model = Measure
        fields = []

    def with_evaluation(self, queryset, name, value):
        evaluations = visible(Evaluation.objects.filter(status=value), self.request.user)
        return queryset.filter(evaluations__in=evaluations).distinct()

import django_filters

from findings.filters import by_key
from findings.models import Evaluation

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
        field_name="evaluations__status",
        choices=Evaluation.Status,
        label="Har evaluering som er",
        distinct=True,
    )

    class Meta:
        model = Measure
        fields = []

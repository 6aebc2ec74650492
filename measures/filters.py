"""The filter of the budget page. A wrong value gives a Norwegian message and a 400."""

import django_filters

from .models import AgreementPeriod, BudgetLine


class BudgetFilter(django_filters.FilterSet):
    # The periods that hold measures: with one period there is one choice.
    periode = django_filters.ModelChoiceFilter(
        queryset=AgreementPeriod.objects.with_measures(),
        to_field_name="key",
        field_name="period",
        label="Avtaleperiode",
    )

    class Meta:
        model = BudgetLine
        fields = []

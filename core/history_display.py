"""The edit history's list of changes, in the words the secretariat uses.

django-simple-history shows a change as the stored values: `draft → published`,
`None → 7`, `True`, `[312 chars]`. Here it shows what the forms show: the choice's
label («Utkast → Publisert»), «(tom)» for nothing, «ja»/«nei», dates as «1. juni
2022», and «[312 tegn]» where a long text is shortened.
"""

from django.utils import formats
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

EMPTY = "(tom)"


def shown_value(field, value):
    """One stored value as a form would show it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, list):
        return value
    return formats.localize(value)


class NorwegianDiffDisplay(ObjDiffDisplay):
    def shortened_str(self, prefix, num_skipped_chars, suffix):
        return f"{prefix}[{num_skipped_chars:d} tegn]{suffix}"


class NorwegianHistoryDisplay(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return shown_value(self.model._meta.get_field(change.field), value)

    def get_obj_diff_display(self):
        return NorwegianDiffDisplay(max_length=self.max_displayed_delta_change_chars)

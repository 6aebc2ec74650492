"""Spreadsheet import and export of budget lines."""

from core.import_fields import by_key
from core.resources import ContentResource

from .models import AgreementPeriod, BudgetLine, Measure, Organisation, SourceDocument


class BudgetLineResource(ContentResource):
    period = by_key("period", AgreementPeriod)
    source = by_key("source", SourceDocument)
    measure = by_key("measure", Measure)
    recipient = by_key("recipient", Organisation)

    class Meta:
        model = BudgetLine
        fields = [
            "key", "publication", "period", "measure", "year_from", "year_to", "kind", "amount",
            "unit", "qualifier", "recipient", "as_of", "is_sum", "label", "source_text",
            "footnote_marker", "source", "section", "page", "position", "line",
        ]  # fmt: skip

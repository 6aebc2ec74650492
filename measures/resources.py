"""Spreadsheet import and export of budget lines."""

from core.resources import ContentResource, by_key

from .models import BudgetLine, Measure, Organisation, SourceDocument


class BudgetLineResource(ContentResource):
    source = by_key("source", SourceDocument)
    measure = by_key("measure", Measure)
    recipient = by_key("recipient", Organisation)

    class Meta:
        model = BudgetLine
        import_id_fields = ["key"]
        clean_model_instances = True
        skip_unchanged = True
        fields = [
            "key", "publication", "measure", "year_from", "year_to", "kind", "amount", "unit",
            "qualifier", "recipient", "as_of", "is_sum", "label", "source_text", "source",
            "section", "page", "position", "line",
        ]  # fmt: skip

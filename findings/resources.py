"""Spreadsheet import and export of statements and evaluations."""

from core.resources import ContentResource, by_key, many_by_key
from measures.models import Measure, Organisation, SourceDocument

from .models import Evaluation, Statement


class StatementResource(ContentResource):
    source = by_key("source", SourceDocument)
    measures = many_by_key("measures", Measure)
    voice_organisation = by_key("voice_organisation", Organisation)

    class Meta:
        model = Statement
        import_id_fields = ["key"]
        clean_model_instances = True
        skip_unchanged = True
        fields = [
            "key", "publication", "kind", "measures", "voice", "voice_organisation",
            "addressee", "is_summary", "text", "footnote", "source", "section", "page",
            "position", "line",
        ]  # fmt: skip


class EvaluationResource(ContentResource):
    source = by_key("source", SourceDocument)
    measures = many_by_key("measures", Measure)
    evaluators = many_by_key("evaluators", Organisation)
    commissioned_by = by_key("commissioned_by", Organisation)

    class Meta:
        model = Evaluation
        import_id_fields = ["key"]
        clean_model_instances = True
        skip_unchanged = True
        fields = [
            "key", "publication", "title", "kind", "status", "measures", "evaluators",
            "commissioned_by", "subject", "due", "due_precision", "published",
            "published_precision", "source_text", "source", "section", "page", "position",
            "line",
        ]  # fmt: skip

"""Spreadsheet import and export of statements and evaluations."""

from core.import_fields import by_key, many_by_key
from core.resources import ContentResource
from measures.models import AgreementPeriod, Measure, Organisation, SourceDocument

from .models import Evaluation, LeadIn, Statement


class StatementResource(ContentResource):
    period = by_key("period", AgreementPeriod)
    source = by_key("source", SourceDocument)
    measures = many_by_key("measures", Measure)
    voice_organisation = by_key("voice_organisation", Organisation)
    lead_in = by_key("lead_in", LeadIn)

    class Meta:
        model = Statement
        fields = [
            "key", "publication", "period", "kind", "measures", "voice", "voice_organisation",
            "addressee", "is_summary", "lead_in", "text", "footnote_marker", "footnote",
            "source", "section", "page", "position", "line",
        ]  # fmt: skip


class EvaluationResource(ContentResource):
    source = by_key("source", SourceDocument)
    measures = many_by_key("measures", Measure)
    evaluators = many_by_key("evaluators", Organisation)
    commissioned_by = by_key("commissioned_by", Organisation)

    class Meta:
        model = Evaluation
        fields = [
            "key", "publication", "title", "kind", "evidence", "status", "measures", "evaluators",
            "commissioned_by", "subject", "due", "due_precision", "delivered_on",
            "delivered_on_precision", "source_text", "footnote_marker", "source", "section",
            "page", "position", "line",
        ]  # fmt: skip

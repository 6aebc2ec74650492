"""Spreadsheet import and export (XLSX/CSV) for the secretariat, by stable keys."""

from django.db import models
from import_export import fields, resources, widgets

from measures.models import BudgetLine, Measure, Organisation, SourceDocument

from .models import Evaluation, Statement


def by_key(attribute, model):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=widgets.ForeignKeyWidget(model, "key")
    )


def many_by_key(attribute, model):
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=widgets.ManyToManyWidget(model, field="key", separator=","),
    )


class ContentResource(resources.ModelResource):
    """Rows are matched on `key`; a file with any bad row imports nothing."""

    source = by_key("source", SourceDocument)

    # An empty cell in an optional text column must become "", as django-import-export
    # does for CharField but not for TextField (a NOT NULL error otherwise).
    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField) and django_field.blank:
            kwargs.update(coerce_to_string=True, allow_blank=True)
        return kwargs

    def before_save_instance(self, instance, row, **kwargs):
        # An import is an edit: forms opened before it must not overwrite it.
        if instance.pk:
            instance.version += 1


class StatementResource(ContentResource):
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


class BudgetLineResource(ContentResource):
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


class EvaluationResource(ContentResource):
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

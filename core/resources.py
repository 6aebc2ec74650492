"""Spreadsheet import and export (XLSX/CSV) for the secretariat, by stable keys:
the parts every content resource shares."""

from django.db import models
from import_export import fields, resources, widgets


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
    """Rows are matched on `key`; a file with any bad row imports nothing.
    Subclasses add `source = by_key("source", SourceDocument)` where the model cites one."""

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

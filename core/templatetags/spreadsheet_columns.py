"""Norwegian names for the spreadsheet columns on the admin's import and export pages.

The files keep the column keys (`key`, `voice`, …) so an exported file imports
again unchanged; the pages show each key beside the field's Norwegian name.
"""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

register = template.Library()


def _model_field(opts, column):
    try:
        return opts.get_field(column)
    except FieldDoesNotExist:
        return None


@register.filter
def column_label(opts, column):
    """«Avsender» for the column `voice`: the model field's verbose_name."""
    field = _model_field(opts, column)
    return capfirst(field.verbose_name) if field else column


@register.filter
def column_help(opts, column):
    field = _model_field(opts, column)
    return field.help_text if field else ""


@register.filter
def column_values(opts, column):
    """The codes a choice or yes/no column takes, each with what it means:
    [("draft", "Utkast"), ("published", "Publisert")]."""
    field = _model_field(opts, column)
    if field is None:
        return []
    if field.choices:
        return [(code, label) for code, label in field.flatchoices if code != ""]
    if isinstance(field, models.BooleanField):
        return [("1", "ja"), ("0", "nei")]
    return []


@register.filter
def export_column(bound_field):
    """The column a checkbox on the export page stands for; django-import-export
    names the checkbox «<resource>_<column>»."""
    return bound_field.name.removeprefix(bound_field.field.resource_name.lower() + "_")

"""Spreadsheet import and export (XLSX/CSV) for the secretariat, by stable keys:
the parts every content resource shares.

A file is checked whole before anything is written, and a file with any bad row
imports nothing. Related rows are looked up once per relation for the whole file
(not once per row), and rows are written in bulk with their edit history, so a
file of many thousand rows is previewed and imported within a request.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models.fields import NOT_PROVIDED
from import_export import instance_loaders, resources, widgets
from import_export.results import RowResult

from core import content_version
from core.import_fields import (
    CellError,
    KeyLookup,
    KeyWidget,
    ManyKeysField,
    StrictBooleanWidget,
    cell_message,
)
from core.spreadsheets import column_letter, is_blank_row, unescape_formula

IMPORT_CHANGE_REASON = "Importert fra regneark"


class PreviewCell:
    """One cell of the preview: what the file says, and what it replaces."""

    def __init__(self, old, new):
        self.old, self.new = old, new
        self.changed = old != new


class KeyedInstanceLoader(instance_loaders.CachedInstanceLoader):
    """The file's existing rows in one query, with the relations that the
    comparison and the preview read."""

    def get_queryset(self):
        resource = self.resource
        return (
            super()
            .get_queryset()
            .select_related(*resource.key_fields())
            .prefetch_related(*resource.many_key_fields())
        )


class ContentResource(resources.ModelResource):
    """Rows are matched on `key`; a file with any bad row imports nothing.
    Subclasses add `source = by_key("source", SourceDocument)` where the model cites one."""

    class Meta:
        import_id_fields = ["key"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        use_bulk = True
        instance_loader_class = KeyedInstanceLoader
        # django-import-export's comparison deep-copies every row and diffs every cell
        # character by character; this resource keeps the values it needs instead
        # (`after_init_instance`) and builds the cells of the rows the preview shows.
        skip_diff = True

    #: The preview shows the first rows that change; only these get cells.
    preview_rows = 500

    # An empty cell in an optional text column must become "", as django-import-export
    # does for CharField but not for TextField (a NOT NULL error otherwise).
    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        if isinstance(f, models.BooleanField):
            return StrictBooleanWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField) and django_field.blank:
            kwargs.update(coerce_to_string=True, allow_blank=True)
        return kwargs

    # Columns

    def get_import_fields(self):
        # Asked for several times per row; the answer never changes.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def column_names(self):
        return [field.column_name for field in self.get_import_fields()]

    def header_problems(self, headers):
        """Row 1 must name every column «Eksporter» gives, each once, and no others."""
        headers = list(headers or [])
        expected = self.column_names()
        problems = []
        for name in expected:
            if name not in headers:
                problems.append(f"Rad 1: kolonnen «{name}» mangler.")
        for index, name in enumerate(headers):
            where = f"Rad 1, kolonne {column_letter(index)}"
            if not name:
                problems.append(f"{where}: kolonnen har ikke noe navn.")
            elif name not in expected:
                problems.append(f"{where}: «{name}» er ikke en kolonne her.")
            elif headers.index(name) != index:
                problems.append(f"{where}: kolonnen «{name}» står to ganger.")
        if problems:
            problems.append("Kolonnene skal være: " + ", ".join(expected) + ".")
        return problems

    def key_fields(self):
        return [f.attribute for f in self.get_import_fields() if isinstance(f.widget, KeyWidget)]

    def many_key_fields(self):
        return [f.attribute for f in self.get_import_fields() if isinstance(f, ManyKeysField)]

    # Checking a file

    def before_import(self, dataset, **kwargs):
        self.import_user = kwargs.get("user")
        self.previewed = 0
        self.headers = list(dataset.headers or [])
        self.repeated_keys = _repeated_keys(dataset)
        # One query per relation for the whole file.
        for field in self.get_import_fields():
            if isinstance(field.widget, KeyLookup) and field.column_name in self.headers:
                field.widget.load(dataset[field.column_name])
        # A default that looks a row up (the latest agreement period) is looked
        # up once for the file, not once for each new row.
        self.looked_up_defaults = {
            f: f.get_default()
            for f in self._meta.model._meta.concrete_fields
            if f.is_relation and callable(f.default)
        }

    def init_instance(self, row=None):
        defaults = getattr(self, "looked_up_defaults", {})
        return self._meta.model(**{f.attname: value for f, value in defaults.items()})

    def import_row(self, row, instance_loader, **kwargs):
        if is_blank_row(row.values()):
            skipped = self.get_row_result_class()()
            skipped.import_type = RowResult.IMPORT_TYPE_SKIP
            return skipped
        for column, value in row.items():
            row[column] = unescape_formula(value)
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = kwargs["row_number"] + 1  # as Excel numbers it
        return row_result

    def after_init_instance(self, instance, new, row, **kwargs):
        # What an existing row holds before the file changes it, for skip_row, the
        # preview and the links to rewrite (prefetched by the instance loader).
        instance._stored = None
        if not new:
            instance._stored = {
                field.attribute: list(field.get_value(instance).all())
                if isinstance(field, ManyKeysField)
                else field.get_value(instance)
                for field in self.get_import_fields()
            }

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type not in {RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE}:
            return
        if self.previewed >= self.preview_rows:
            return
        self.previewed += 1
        instance, stored = row_result.instance, row_result.instance._stored
        row_result.diff = [
            PreviewCell(
                "" if stored is None else field.widget.render(stored[field.attribute]),
                field.export(instance),
            )
            for field in self.get_import_fields()
        ]

    def import_instance(self, instance, row, **kwargs):
        """Sets the row's values on the instance, and keeps its links for writing
        later. Collects every cell's problem, so one look shows them all."""
        errors = {}
        instance._imported_relations = {}
        for field in self.get_import_fields():
            value = row.get(field.column_name)
            try:
                cleaned = field.widget.clean(value, row=row)
            except CellError as error:
                errors[field.attribute] = [str(error)]
                continue
            except (ValueError, TypeError, ArithmeticError):
                errors[field.attribute] = [cell_message(field, value)]
                continue
            if isinstance(field, ManyKeysField):
                instance._imported_relations[field.attribute] = cleaned
                continue
            if cleaned in field.empty_values and field.default is not NOT_PROVIDED:
                cleaned = field.default() if callable(field.default) else field.default
            setattr(instance, field.attribute, cleaned)
        first = self.repeated_keys.get(kwargs["row_number"] + 1)
        if first:
            errors.setdefault("key", []).append(
                f"Nøkkelen «{row['key']}» står også i rad {first}. "
                "Hver nøkkel kan bare stå én gang i filen."
            )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing row the file leaves as it is, links included, is not saved."""
        if import_validation_errors or instance._stored is None:
            return False
        for field in self.get_import_fields():
            now, before = field.get_value(instance), instance._stored[field.attribute]
            if isinstance(field, ManyKeysField):
                now, before = {o.pk for o in now}, {o.pk for o in before}
            if now != before:
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Keys were checked against the database for the whole file; skipping
        # Django's per-row checks of them (a query each) keeps a large file fast.
        # The same goes for check constraints (a query each): every model's clean()
        # mirrors its constraints, and the database still enforces them on writing.
        meta = self._meta.model._meta
        checked = {
            name
            for name in self.key_fields()
            if getattr(instance, meta.get_field(name).attname) is not None
        }
        # A default looked up for the file (before_import) exists too.
        checked |= {
            f.name
            for f, value in getattr(self, "looked_up_defaults", {}).items()
            if value is not None and getattr(instance, f.attname) == value
        }
        try:
            instance.full_clean(
                exclude=set(errors) | checked, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # An import is an edit: forms opened before it must not overwrite it.
        if instance.pk:
            instance.version += 1

    # Writing a file (in bulk, with edit history)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.create_instances, True, dry_run, result, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.update_instances, False, dry_run, result, raise_errors)

    def _write(self, instances, new, dry_run, result, raise_errors):
        # The preview writes nothing: every check the database would make has been
        # made row by row above, with a message for the row.
        if not instances or dry_run:
            instances.clear()
            return
        try:
            # A savepoint, so a refusal from the database leaves the import's
            # transaction usable for reporting it.
            with transaction.atomic():
                model = self._meta.model
                if new:
                    model.objects.bulk_create(instances)
                else:
                    self._update(instances)
                self._write_relations(instances, new)
                self._write_history(instances, new)
                # The rows are written through the base manager and link tables,
                # which move no version themselves; cached pages must follow.
                content_version.bump()
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    def _update(self, instances):
        # One UPDATE per changed row: Django's bulk_update builds a CASE per field
        # and row, which is far slower for thousands of rows.
        imported = {f.attribute for f in self.get_import_fields()}
        columns = [
            f.attname
            for f in self._meta.model._meta.concrete_fields
            if f.name in imported or f.name == "version"
        ]
        manager = self._meta.model._base_manager
        for obj in instances:
            manager.filter(pk=obj.pk).update(**{c: getattr(obj, c) for c in columns})

    def _write_relations(self, instances, new):
        for name in self.many_key_fields():
            relation = self._meta.model._meta.get_field(name)
            through = relation.remote_field.through
            own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            changed = [
                obj
                for obj in instances
                if {o.pk for o in obj._imported_relations[name]}
                != {o.pk for o in (obj._stored or {}).get(name, [])}
            ]
            if not new:
                through.objects.filter(**{f"{own}__in": [obj.pk for obj in changed]}).delete()
            through.objects.bulk_create(
                through(**{f"{own}_id": obj.pk, f"{other}_id": related.pk})
                for obj in changed
                for related in obj._imported_relations[name]
            )

    def _write_history(self, instances, new):
        model = self._meta.model
        records = model.history.bulk_history_create(
            instances,
            update=not new,
            default_user=self.import_user,
            default_change_reason=IMPORT_CHANGE_REASON,
        )
        if not records:  # history switched off
            return
        history_model = model.history.model
        for field in history_model._history_m2m_fields:
            # What simple-history records on each save: the links as they now are.
            through = field.remote_field.through
            own = f"{field.m2m_field_name()}_id"
            names = [f.attname for f in through._meta.fields]
            links = {}
            rows = through.objects.filter(**{f"{own}__in": [obj.pk for obj in instances]})
            for link in rows.values(*names):
                links.setdefault(link[own], []).append(link)
            link_history = _m2m_history_model(history_model, field)
            link_history.objects.bulk_create(
                link_history(history_id=record.pk, **link)
                for record in records
                for link in links.get(record.id, [])
            )

    # Exporting

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.key_fields()).prefetch_related(*self.many_key_fields())


def _repeated_keys(dataset):
    """{row: first row} for every row whose key an earlier row already has."""
    if "key" not in (dataset.headers or []):
        return {}
    first_row, repeated = {}, {}
    for number, key in enumerate(dataset["key"], start=2):
        key = "" if key is None else str(key).strip()
        if key in first_row:
            repeated[number] = first_row[key]
        elif key:
            first_row[key] = number
    return repeated


def _column_label(name, headers):
    if name == NON_FIELD_ERRORS:
        return ""
    if name in headers:
        return f"{column_letter(headers.index(name))} ({name})"
    return name


def _m2m_history_model(history_model, field):
    name = f"{history_model.__name__}_{field.name}"
    return next(
        rel.related_model
        for rel in history_model._meta.related_objects
        if rel.related_model.__name__ == name
    )


def row_problems(result, headers):
    """Every problem in an import result as (row, column, message), rows and columns
    named as in Excel and in the file's order. Unexpected errors are reported without
    their Python details."""
    problems = []
    for row in result.invalid_rows:
        for name, messages in row.error_dict.items():
            place = (row.number + 1, headers.index(name) if name in headers else len(headers))
            column = _column_label(name, headers)
            problems.extend((place, (row.number + 1, column, message)) for message in messages)
    for row in result.error_rows:
        problems.append(((row.number + 1, -1), (row.number + 1, "", UNEXPECTED_ROW_ERROR)))
    if result.base_errors:
        problems.append(((0, -1), (None, "", UNEXPECTED_FILE_ERROR)))
    return [problem for _, problem in sorted(problems, key=lambda p: p[0])]


UNEXPECTED_ROW_ERROR = (
    "Raden kunne ikke leses på grunn av en uventet feil. Sjekk verdiene i raden. Feilen er logget."
)
UNEXPECTED_FILE_ERROR = (
    "Databasen godtok ikke filen, så ingenting er lagret. Sjekk at verdiene er gyldige "
    "(for eksempel at beløp ikke er negative, og at «til»-år ikke er før «fra»-år). "
    "Feilen er logget."
)

"""Spreadsheet columns that refer to other rows by key, and cells read strictly:
a value that cannot be used is refused with a Norwegian message naming it."""

from import_export import fields, widgets


class CellError(ValueError):
    """A cell that cannot be used; the message is Norwegian and names the value."""


class KeyLookup:
    """Related rows by key, loaded for a whole file with one query (see `load`)."""

    def setup_lookup(self, model):
        self.model = model
        self.field = "key"
        self.known = None

    def keys_in(self, value):
        text = "" if value is None else str(value).strip()
        return [text] if text else []

    def load(self, values):
        keys = {key for value in values for key in self.keys_in(value)}
        self.known = self.model.objects.in_bulk(keys, field_name="key") if keys else {}

    def resolve(self, keys):
        if self.known is None:  # used outside an import: look these keys up now
            self.load(keys)
        unknown = [key for key in keys if key not in self.known]
        if unknown:
            names = ", ".join(f"«{key}»" for key in unknown)
            plural = self.model._meta.verbose_name_plural
            raise CellError(f"Finner ingen {plural} med nøkkelen {names}.")
        return [self.known[key] for key in dict.fromkeys(keys)]


class KeyWidget(KeyLookup, widgets.ForeignKeyWidget):
    """One related row, written as its key."""

    def __init__(self, model):
        super().__init__(model, field="key")
        self.setup_lookup(model)

    def clean(self, value, row=None, **kwargs):
        keys = self.keys_in(value)
        return self.resolve(keys)[0] if keys else None


class ManyKeysWidget(KeyLookup, widgets.ManyToManyWidget):
    """Several related rows, written as their keys separated by commas."""

    def __init__(self, model):
        super().__init__(model, separator=",", field="key")
        self.setup_lookup(model)

    def keys_in(self, value):
        if value is None:
            return []
        return [key.strip() for key in str(value).split(self.separator) if key.strip()]

    def clean(self, value, row=None, **kwargs):
        return self.resolve(self.keys_in(value))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        related = value.all() if hasattr(value, "all") else value
        return self.separator.join(str(item.key) for item in related)


class ManyKeysField(fields.Field):
    """While a row is imported, what the file says it links to is kept on the
    instance (`_imported_relations`): a new row has no primary key to link with yet."""

    def get_value(self, instance):
        relations = getattr(instance, "_imported_relations", {})
        if self.attribute in relations:
            return relations[self.attribute]
        return super().get_value(instance)


class StrictBooleanWidget(widgets.BooleanWidget):
    """1/0 or true/false; anything else is refused rather than read as «no»."""

    def clean(self, value, row=None, **kwargs):
        if value in self.NULL_VALUES:
            return None
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise CellError(f"«{value}» er verken 1 (ja) eller 0 (nei).")


def by_key(attribute, model):
    return fields.Field(attribute=attribute, column_name=attribute, widget=KeyWidget(model))


def many_by_key(attribute, model):
    return ManyKeysField(attribute=attribute, column_name=attribute, widget=ManyKeysWidget(model))


def cell_message(field, value):
    if isinstance(field.widget, widgets.IntegerWidget):
        return f"«{value}» er ikke et heltall."
    if isinstance(field.widget, widgets.NumberWidget):
        return f"«{value}» er ikke et tall."
    if isinstance(field.widget, (widgets.DateWidget, widgets.DateTimeWidget)):
        return f"«{value}» er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD."
    return f"«{value}» kan ikke leses."

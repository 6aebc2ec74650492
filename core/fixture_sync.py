"""Fixtures seed the database once; after that the database rules.

`seed_content` loads the source content into an empty database. `sync_content`
compares the fixtures with what the secretariat has since changed, lists the
differences, and writes them only when asked to, each as an entry in the edit
history with a change reason. Rows are matched by natural key (`key`); rows that
exist only in the database are listed and left alone.
"""

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers import python as python_serializer
from django.core.serializers.base import (
    DEFER_FIELD,
    DeserializedObject,
    deserialize_fk_value,
    deserialize_m2m_values,
)
from django.db import models, transaction

SEED_REASON = "Lastet inn fra kildene (fixtures/)"
SYNC_REASON = "Synkronisert fra kildene (fixtures/) med sync_content"


def fixture_files():
    return sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))


def _entries(files):
    for path in files:
        yield from json.loads(Path(path).read_text(encoding="utf-8"))


def content_models(files=None):
    """The models the fixtures fill, in the order they first appear."""
    labels = dict.fromkeys(entry["model"] for entry in _entries(files or fixture_files()))
    return [apps.get_model(label) for label in labels]


def content_is_empty(files=None):
    return not any(model.objects.exists() for model in content_models(files))


@dataclass
class Change:
    """One fixture object that differs from the database (or is missing there)."""

    model: type
    key: str
    fields: list = field(default_factory=list)  # verbose names of changed fields; empty if new

    @property
    def is_new(self):
        return not self.fields

    def __str__(self):
        name = f"{self.model._meta.verbose_name} «{self.key}»"
        if self.is_new:
            return f"ny: {name}"
        return f"endret: {name}: {', '.join(self.fields)}"


@dataclass
class SyncResult:
    changes: list
    only_in_database: list  # (model, key) rows the fixtures do not have; never touched


def plan(files=None):
    """What syncing would change, without writing anything."""
    return _sync(files or fixture_files(), write=False, reason=None)


@transaction.atomic
def apply(files=None, reason=SYNC_REASON):
    """Write the fixtures' content over the database, recording each change
    in the edit history with `reason`."""
    return _sync(files or fixture_files(), write=True, reason=reason)


def _sync(files, *, write, reason):
    changes = []
    unresolved = []  # forward references, written once everything else exists
    seen = {}
    known = {}
    for entry in _entries(files):
        item = _deserialize(entry, known)
        model = type(item.object)
        seen.setdefault(model, set()).add(item.object.key)
        change = _compare(item, list(entry["fields"]))
        if change is None:
            continue
        changes.append(change)
        if not write:
            continue
        if item.deferred_fields:
            _write(item, change, record=None)
            unresolved.append((item, change))
        else:
            _write(item, change, record=reason)
    for item, change in unresolved:
        _resolve_forward_references(item)
        _write(item, change, record=reason, created=change.is_new)
    only_in_database = [
        (model, key)
        for model, keys in seen.items()
        for key in model.objects.exclude(key__in=keys).values_list("key", flat=True)
    ]
    return SyncResult(changes, only_in_database)


def _deserialize(entry, known):
    return next(iter(_Deserializer([entry], known=known, handle_forward_references=True)))


class _Deserializer(python_serializer.Deserializer):
    """Remembers which row a natural key named: the fixtures name the same few
    rows (sources, measures, organisations) thousands of times. Keys that name
    no row yet are asked again, since the run may create that row."""

    def __init__(self, object_list, *, known, **options):
        super().__init__(object_list, **options)
        self.known = known

    def _handle_fk_field_node(self, field, field_value):
        return self._remembered(field, field_value, super()._handle_fk_field_node)

    def _handle_m2m_field_node(self, field, field_value):
        return self._remembered(field, field_value, super()._handle_m2m_field_node)

    def _remembered(self, field, field_value, look_up):
        key = (field, json.dumps(field_value))
        if key not in self.known:
            value = look_up(field, field_value)
            if value == DEFER_FIELD:
                return value
            self.known[key] = value
        return copy.copy(self.known[key])


def _compare(item, field_names):
    """The Change that writing `item` would make, or None if the row already matches."""
    obj = item.object
    model = type(obj)
    item.present = [model._meta.get_field(name) for name in field_names]
    if obj.pk is None:
        return Change(model, obj.key)
    current = model.objects.get(pk=obj.pk)
    differing = [
        f
        for f in item.present
        if f in item.deferred_fields or _value(item, f) != _value_of(current, f)
    ]
    if not differing:
        return None
    return Change(model, obj.key, [str(f.verbose_name) for f in differing])


def _value(item, f):
    if f.many_to_many:
        return set(item.m2m_data.get(f.name, ()))
    return getattr(item.object, f.attname)


def _value_of(row, f):
    if f.many_to_many:
        return set(getattr(row, f.name).values_list("pk", flat=True))
    return getattr(row, f.attname)


def _write(item, change, *, record, created=None):
    """Write the fixture's fields onto the row. With `record` (a change reason)
    the edit history gets one entry for it that holds every field and link;
    without, nothing is recorded yet."""
    obj = item.object
    created = change.is_new if created is None else created
    if obj.pk is None:
        row = obj
    else:
        row = type(obj).objects.select_for_update().get(pk=obj.pk)
        for f in item.present:
            if not f.many_to_many and f not in item.deferred_fields:
                setattr(row, f.attname, getattr(obj, f.attname))
        if record and not created:
            # A form opened before the sync is then refused instead of overwriting it.
            row.version += 1
    item.object = row
    row._change_reason = record
    if record and row.pk is None and not item.m2m_data:
        row.save()  # recorded as its creation
        return
    # Links need the row saved first; the history entry is made after them.
    row.skip_history_when_saving = True
    try:
        row.save()
        for name, pks in item.m2m_data.items():
            getattr(row, name).set(pks)
    finally:
        del row.skip_history_when_saving
    if record:
        row.save()
        if created:
            # The one entry of a new row is its creation, not an edit.
            row.history.update(history_type="+")


def _resolve_forward_references(item: DeserializedObject):
    """Look up the natural keys that named rows later in the fixtures."""
    for f, value in list(item.deferred_fields.items()):
        if isinstance(f.remote_field, models.ManyToManyRel):
            item.m2m_data[f.name] = deserialize_m2m_values(
                f, value, None, handle_forward_references=False
            )
        else:
            setattr(
                item.object,
                f.attname,
                deserialize_fk_value(f, value, None, handle_forward_references=False),
            )
    item.deferred_fields = {}

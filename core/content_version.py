"""One number that says "the content changed", shared by every process.

Cached pages are keyed on it (core.page_cache), so a change anywhere must move it,
in the same transaction as the change: the save, delete and many-to-many signals of
every model of the content apps (`watch_app` in each app's ready()), bulk updates
and inserts (core.models.ContentQuerySet), spreadsheet imports (core.resources,
which write past the querysets), and flush/migrate (post_migrate), which is how
`restore` empties the database before it loads a backup.

It lives in a plain table, not a model, on purpose: `flush`, `dumpdata`/`loaddata`
and so `restore` only touch model tables, so the counter never goes back to a value
an old cached page was stored under. The epoch is drawn when the table is created,
so a database created afresh never reuses the keys of an earlier one that shared
the cache (Redis).
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

TABLE = "core_content_version"


def bump(using=DEFAULT_DB_ALIAS):
    """Move the version on. Runs in the caller's transaction: if the change rolls
    back, so does the bump; until it commits, other processes keep the old one."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET counter = counter + 1 WHERE id = 1")


def current(using=DEFAULT_DB_ALIAS):
    """The version as a string for cache keys, or None before the table has its row."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT epoch, counter FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}.{row[1]}" if row else None


# Every model watch() was given, so a test can check that none was forgotten.
WATCHED = set()


def watch(*models):
    """Bump on every save, delete and many-to-many change of `models`."""
    for model in models:
        WATCHED.add(model)
        label = model._meta.label
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"version-save-{label}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"version-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _links_changed,
                sender=through,
                dispatch_uid=f"version-m2m-{through._meta.label}",
            )


def watch_app(app_config):
    """Bump on every change to any model of `app_config` but its edit history
    (django-simple-history's tables, written beside the change that already bumps).
    Watching the whole app means a model added later is covered without a line here."""
    watch(*(model for model in app_config.get_models() if shown_on_pages(model)))


def shown_on_pages(model):
    """False for edit history and for models that only hold users' own settings
    (`shown_on_pages = False` on the class), which no page shows."""
    return not hasattr(model, "history_object") and getattr(model, "shown_on_pages", True)


def bump_after_flush_or_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: `flush` (and so `restore`) empties tables without a
    signal per row, and a migration may change what pages show."""
    if TABLE in connections[using].introspection.table_names():
        bump(using)


def _saved_or_deleted(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    bump(using)


def _links_changed(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        bump(using)

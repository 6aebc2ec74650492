"""The test database, migrated and holding the content and the cast, built once
and copied after that.

Migrating and loading fixtures/ costs each pytest worker seconds: every row is
deserialised, validated, saved and given its first history entry. What comes
out depends only on the files hashed in `build_key()`, so it is built when one of
them changes and kept: a SQLite file in .test-databases/, or a PostgreSQL
template database (`CREATE DATABASE ... TEMPLATE` copies it in a fraction of a
second). A file lock lets one pytest worker build while the others wait.
"""

import fcntl
import hashlib
import sqlite3
import tempfile
from contextlib import closing, contextmanager
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
KEPT_DIR = ROOT / ".test-databases"
# Everything the built database is made from: a change to any of these builds it anew.
SOURCES = (
    "fixtures/*.json",
    "*/migrations/*.py",
    "*/models.py",
    "*/models/*.py",
    "*/apps.py",
    "core/fixture_sync.py",
    "core/roles.py",
    "findings/management/commands/seed_content.py",
    "requirements.txt",
    "tests/conftest.py",
    "tests/prepared_database.py",
)
PG_TEMPLATE_PREFIX = "ia_portal_test_template_"


def open_test_database(build):
    """Point the connection at a fresh test database holding what `build()`
    makes, and return the name to give back to `close_test_database`."""
    old_name = connection.settings_dict["NAME"]
    key = build_key()
    with _lock(key):
        if _is_kept(key):
            _copy_kept(key)
        else:
            connection.creation.create_test_db(verbosity=0, autoclobber=True)
            build()
            _keep(key)
    return old_name


def close_test_database(old_name):
    connection.creation.destroy_test_db(old_name, verbosity=0)


def build_key():
    digest = hashlib.sha256(f"{connection.vendor} django {version('django')}".encode())
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _lock(key):
    # In the system's temporary directory: a PostgreSQL template is shared by
    # every checkout on this machine, not only by this one's workers.
    path = Path(tempfile.gettempdir()) / f"ia-portal-test-database-{key}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _use_test_database():
    name = connection.creation._get_test_db_name()
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


# SQLite: a file, copied into the in-memory test database with SQLite's backup API.


def _sqlite_path(key):
    return KEPT_DIR / f"{key}.sqlite3"


def _is_kept(key):
    if connection.vendor == "sqlite":
        return _sqlite_path(key).exists()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_TEMPLATE_PREFIX + key])
        return cursor.fetchone() is not None


def _keep(key):
    if connection.vendor == "sqlite":
        _keep_sqlite(key)
    else:
        _keep_postgresql(key)


def _copy_kept(key):
    if connection.vendor == "sqlite":
        _use_test_database()
        connection.ensure_connection()
        with closing(sqlite3.connect(_sqlite_path(key))) as kept:
            kept.backup(connection.connection)
    else:
        _copy_postgresql(PG_TEMPLATE_PREFIX + key, connection.creation._get_test_db_name())
        _use_test_database()


def _keep_sqlite(key):
    KEPT_DIR.mkdir(exist_ok=True)
    for old in KEPT_DIR.glob("*.sqlite3"):
        old.unlink()
    partial = _sqlite_path(key).with_suffix(".partial")
    connection.ensure_connection()
    with closing(sqlite3.connect(partial)) as kept:
        connection.connection.backup(kept)
    partial.replace(_sqlite_path(key))  # whole or not at all, should a run be stopped


# PostgreSQL: a template database in the same cluster.


def _keep_postgresql(key):
    built = connection.settings_dict["NAME"]
    connection.close()  # a template is copied only while nobody is connected to it
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [PG_TEMPLATE_PREFIX + "%"]
        )
        older = [name for (name,) in cursor.fetchall()]
    for name in older:
        _drop_postgresql(name)
    _copy_postgresql(built, PG_TEMPLATE_PREFIX + key)


def _copy_postgresql(source, target):
    """`target` made afresh as a copy of `source`."""
    _drop_postgresql(target)
    quote = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quote(target)} WITH TEMPLATE {quote(source)}")


def _drop_postgresql(name):
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")

import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would otherwise refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLE_MIGRATIONS = [
    "measures.migrations.0002_roles",
    "findings.migrations.0002_roles",
    "followup.migrations.0002_roles",
]
FIXTURES = sorted(str(path) for path in (Path(__file__).parent.parent / "fixtures").glob("*.json"))


def load_content():
    """The content from fixtures/, the way `make setup` loads it: only into an
    empty database."""
    call_command("seed_content", verbosity=0)


def restore_roles():
    """The groups and their permissions, as the migrations made them; a flush
    between transactional tests empties them."""
    for name in ROLE_MIGRATIONS:
        import_module(name).forwards(apps, schema_editor=None)


def _empties_the_database(item):
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = getattr(item, "fixturenames", ())
    return bool(transactional or "transactional_db" in fixtures or "live_server" in fixtures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """A transactional test empties the database when it ends, so run those after
    every other test, including the ones that read the session's content without a
    database mark (pytest-django alone puts those last)."""
    items.sort(key=_empties_the_database)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real content once; each test runs in a transaction on top of it."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def committed_content(transactional_db):
    """Content and roles, committed, for tests of what only happens outside a
    wrapping transaction: row locks, restores, concurrent edits. (A flush after
    each such test empties the database.)"""
    load_content()
    restore_roles()


@pytest.fixture
def secretariat_user(db):
    user = User.objects.create_user("sekretariat", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client

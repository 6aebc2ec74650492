import os
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.management import call_command
from django.test import Client, TransactionTestCase

from core.roles import COORDINATION_GROUP, SECRETARIAT
from tests import prepared_database
from tests.snapshot import Snapshot

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would otherwise refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = sorted(str(path) for path in (Path(__file__).parent.parent / "fixtures").glob("*.json"))


def load_content():
    """The content from fixtures/, the way `make setup` loads it: only into an
    empty database."""
    call_command("seed_content", verbosity=0)


# One cast of users for every test, built once with the content. The password
# is for the browser tests, which log in through the login form.
PASSWORD = "et-langt-passord-for-testen"
MEMBER = "medlem"
SECRETARY = "sekretariat"
SUPERUSER = "admin"
SNAPSHOT = Snapshot()


def build_cast():
    member = User.objects.create_user(
        MEMBER, "mona@example.org", PASSWORD, first_name="Mona", last_name="Medlem"
    )
    member.groups.add(Group.objects.get(name=COORDINATION_GROUP))
    secretary = User.objects.create_user(
        SECRETARY,
        "siri@example.org",
        PASSWORD,
        first_name="Siri",
        last_name="Sekretær",
        is_staff=True,
    )
    secretary.groups.add(Group.objects.get(name=SECRETARIAT))
    User.objects.create_superuser(SUPERUSER, password=PASSWORD)


def runs_outside_a_transaction(item):
    """A transactional or live-server test: it commits, and Django empties the
    database when it ends."""
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = getattr(item, "fixturenames", ())
    return bool(transactional or "transactional_db" in fixtures or "live_server" in fixtures)


LONG_RUNNING = ("browser", "fuzz", "scaling", "slow")


def _runs_long(item):
    return any(item.get_closest_marker(name) for name in LONG_RUNNING)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """A transactional test empties the database when it ends, so run those after
    every other test, including the ones that read the session's content without a
    database mark (pytest-django alone puts those last). Under pytest-xdist each
    worker has a database of its own and is sent its tests in this order. Within
    each group the long tests go first: started last, one of them would keep a
    worker busy while the others wait."""
    items.sort(key=lambda item: (runs_outside_a_transaction(item), not _runs_long(item)))


def walk(values, fast=1):
    """Parameters for a walk over every page (or option): the first `fast` run in
    `make test-fast`, the rest are marked slow. The quick run checks the rule
    once; the whole suite checks it everywhere."""
    values = list(values)
    return values[:fast] + [pytest.param(value, marks=pytest.mark.slow) for value in values[fast:]]


def content_and_cast():
    load_content()
    build_cast()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """A test database with the real content and the cast (built once, see
    tests/prepared_database.py); each test runs in a transaction on top of them,
    and a transactional test gets them back from the snapshot."""
    with django_db_blocker.unblock():
        old_name = prepared_database.open_test_database(build=content_and_cast)
        SNAPSHOT.take()
    yield
    with django_db_blocker.unblock():
        prepared_database.close_test_database(old_name)


@pytest.fixture(autouse=True)
def _content_outside_a_transaction(request):
    """A transactional test (and a live-server one) may follow another that
    changed what it committed: it puts the content and the cast back first."""
    if runs_outside_a_transaction(request.node):
        request.getfixturevalue("_django_db_helper")
        SNAPSHOT.restore()


@pytest.fixture(scope="session", autouse=True)
def _no_flush_after_transactional_tests():
    """Django empties every table after a transactional test (on PostgreSQL a
    TRUNCATE of each, then recreating permissions: seconds). The restore above
    makes that work useless: pytest-django runs transactional tests after all
    others, and each of them begins by restoring the snapshot."""
    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = lambda self: None
    yield
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture
def committed_content(transactional_db):
    """Content and the cast, committed, for tests of what only happens outside a
    wrapping transaction: row locks, restores, concurrent edits."""


@pytest.fixture
def visitor():
    return AnonymousUser()


@pytest.fixture
def member(db):
    return User.objects.get(username=MEMBER)


@pytest.fixture
def secretariat(db):
    return User.objects.get(username=SECRETARY)


@pytest.fixture
def superuser(db):
    return User.objects.get(username=SUPERUSER)


def secretary(name):
    """One more secretary, for tests where two of them edit at once."""
    user = User.objects.create_user(name, first_name=name.title(), is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user, logged_in(user)


@pytest.fixture
def cast(member, secretariat, superuser):
    """The logged-in roles by name, for tests parametrised over them."""
    return {"member": member, "secretariat": secretariat, "superuser": superuser}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def visitor_client(db):
    return Client()


@pytest.fixture
def member_client(member):
    return logged_in(member)


@pytest.fixture
def secretariat_client(secretariat):
    return logged_in(secretariat)


@pytest.fixture
def superuser_client(superuser):
    return logged_in(superuser)


@pytest.fixture
def secretariat_user(secretariat):
    """The older name of `secretariat`."""
    return secretariat

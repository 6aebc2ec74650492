import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would otherwise refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = sorted(str(path) for path in (Path(__file__).parent.parent / "fixtures").glob("*.json"))


def load_content():
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real content once; each test runs in a transaction on top of it."""
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture
def secretariat_user(db):
    user = User.objects.create_user("sekretariat", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client

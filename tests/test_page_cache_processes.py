"""The page cache is shared by every process: a second server (gunicorn, started
here) serves what this process cached, and a publish here shows there at once.

Needs PostgreSQL (both processes use the same test database) and Redis. Skips
locally when either is missing; with CI=true a missing Redis is a failure.
"""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from findings.models import Statement
from measures.models import Measure

from .conftest import load_content
from .test_editing import form_data
from .test_spreadsheets import as_xlsx, confirm, statement_row, upload

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/5")
MEASURE_PAGE = reverse("findings:measure", args=["ekspertbistand"])
SNEAKED = "Endret bak bufferens rygg qq7"
DRAFT_TEXT = "Utkast publisert i prosess A qq7"


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis svarer ikke på {REDIS_URL}: {error}")
        pytest.skip(f"Redis svarer ikke på {REDIS_URL}")


@pytest.fixture
def shared_cache(settings):
    """Both processes cache in Redis under a prefix of this run's own."""
    if connection.vendor != "postgresql":
        pytest.skip("to prosesser deler bare en PostgreSQL-database (sett DATABASE_URL)")
    redis_or_skip()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "TIMEOUT": 300,
        }
    }
    yield settings.CACHES
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def other_process(shared_cache, tmp_path):
    """gunicorn on a free port, on this test database and the same Redis."""
    (tmp_path / "process_b_settings.py").write_text(
        "from ia_portal.test_settings import *  # noqa\n"
        f"DATABASES = {{'default': {{**DATABASES['default'], 'NAME': {connection.settings_dict['NAME']!r}}}}}\n"  # noqa: E501
        f"CACHES = {shared_cache!r}\n"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "process_b_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ia_portal.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(server, base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(server, base):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("gunicorn stoppet: " + server.stdout.read().decode(errors="replace"))
        try:
            urllib.request.urlopen(base + "/tilgjengelighet/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("gunicorn svarte ikke innen ett minutt")


def fetch(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as response:
        assert response.status == 200
        return response.read()


def sneak(statement, text=SNEAKED):
    """A change no version follows, committed: only a cached page hides it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE findings_statement SET text = %s WHERE id = %s", [text, statement.pk]
        )


@pytest.mark.django_db(transaction=True)
def test_another_process_serves_what_this_one_cached_and_follows_a_publish(other_process):
    load_content()  # an earlier transactional test may have emptied the database
    statements = Statement.objects.filter(measures__key="ekspertbistand").order_by("pk")
    sneaked_into = statements.last()
    draft = Statement.objects.create(
        key="utkast-prosess-a", kind="assessment", voice="working_group", text=DRAFT_TEXT,
        source=sneaked_into.source, section="Utkast", position=1,
    )  # fmt: skip
    draft.measures.add(Measure.objects.get(key="ekspertbistand"))
    # The host is part of a page's cache key: A asks for the page by B's address.
    visitor = Client(HTTP_HOST=other_process.removeprefix("http://"))

    # A renders and caches; B, with the database changed behind the cache, serves A's page.
    in_a = visitor.get(MEASURE_PAGE).content
    sneak(sneaked_into)
    in_b = fetch(other_process, MEASURE_PAGE)
    assert in_b == in_a
    assert SNEAKED.encode() not in in_b

    # And the other way: B caches a page that A then serves.
    statements_page = reverse("findings:statements") + "?virkemiddel=ekspertbistand"
    from_b = fetch(other_process, statements_page)
    assert SNEAKED.encode() in from_b  # rendered by B: nothing cached it yet
    sneak(statements.first(), "Også endret bak bufferens rygg qq7")
    assert visitor.get(statements_page).content == from_b

    # A publish in A shows in B on the next request.
    admin = User.objects.create_superuser("kari", password="pw")
    secretariat = Client()
    secretariat.force_login(admin)
    response = secretariat.post(
        reverse("admin:findings_statement_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    after = fetch(other_process, MEASURE_PAGE).decode()
    assert DRAFT_TEXT in after
    assert SNEAKED in after


def cached_in(base, statement, marker):
    """B renders and caches the measure page; a change behind the cache's back
    (marker) then does not show there: B serves the stored page."""
    cached = fetch(base, MEASURE_PAGE)
    sneak(statement, marker)
    assert fetch(base, MEASURE_PAGE) == cached
    assert marker.encode() not in cached


def shows_in(base, *texts):
    html = fetch(base, MEASURE_PAGE).decode()
    for text in texts:
        assert text in html
    return html


@pytest.mark.django_db(transaction=True)
def test_an_edit_an_import_and_a_restore_here_show_in_the_other_process(
    other_process, settings, tmp_path
):
    load_content()  # an earlier transactional test may have emptied the database
    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"
    statements = list(
        Statement.objects.filter(measures__key="ekspertbistand", publication="published")
        .filter(follow_up_quotes__isnull=True)
        .order_by("pk")
    )
    edited, imported, sneaked_into = statements[0], statements[1], statements[-1]
    call_command("backup", tmp_path / "backup.xml", stdout=io.StringIO())
    admin = User.objects.create_superuser("kari", password="pw")
    secretariat = Client()
    secretariat.force_login(admin)

    # An edit in the admin's change form.
    cached_in(other_process, sneaked_into, "Bak bufferen før redigering qq7")
    response = secretariat.post(
        reverse("admin:findings_statement_change", args=[edited.pk]),
        form_data(secretariat, edited) | {"text": "Redigert i prosess A qq7"},
    )
    assert response.status_code == 302
    shows_in(other_process, "Redigert i prosess A qq7", "Bak bufferen før redigering qq7")

    # A spreadsheet import that changes a row.
    cached_in(other_process, sneaked_into, "Bak bufferen før import qq7")
    row = statement_row(
        key=imported.key, publication="published", text="Importert i prosess A qq7",
        source=imported.source.key, section=imported.section, position=str(imported.position),
    )  # fmt: skip
    preview = upload(secretariat, as_xlsx([row]), "utsagn.xlsx")
    assert preview.status_code == 200
    assert confirm(secretariat, preview).status_code == 302
    shows_in(other_process, "Importert i prosess A qq7", "Bak bufferen før import qq7")

    # manage.py restore: everything back as the backup has it.
    cached_in(other_process, sneaked_into, "Bak bufferen før gjenoppretting qq7")
    call_command("restore", tmp_path / "backup.xml", stdout=io.StringIO())
    html = shows_in(other_process, edited.text, imported.text, sneaked_into.text)
    assert "qq7" not in html

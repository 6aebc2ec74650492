"""`make backup` and `make restore`: the round trip loses nothing, keeps every
id (so each history entry stays on its own object), works into an empty
database, and the files are the owner's alone."""

import os
import stat
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.serializers import python
from django.db import connection

from findings.models import Statement
from measures.backup_format import RebuiltByNaturalKey
from measures.management.commands.backup import private_file
from measures.models import FollowUpNote, Measure

SKIPPED_APPS = {"contenttypes", "sessions", "axes"}


class Snapshot(RebuiltByNaturalKey, python.Serializer):
    pass


def snapshot():
    """Every row of every model, ids included; content types and permissions by
    natural key, since `migrate` numbers them anew."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS or model._meta.model_name == "permission":
            continue
        rows[model._meta.label] = Snapshot().serialize(
            model.objects.order_by("pk"), use_natural_foreign_keys=True
        )
    return rows


def history_models():
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager and any(f.name == "key" for f in model._meta.fields):
            yield model, getattr(model, manager).model


def misplaced_history():
    """History entries on an object with another key, or on no object although
    none was deleted: what a restore that renumbers rows produces."""
    misplaced = []
    for model, history in history_models():
        keys = dict(model.objects.values_list("pk", "key"))
        deleted = set(history.objects.filter(history_type="-").values_list("id", flat=True))
        for history_id, object_id, key in history.objects.values_list("history_id", "id", "key"):
            if keys.get(object_id) != key and object_id not in deleted:
                misplaced.append((model._meta.label, history_id, key, keys.get(object_id)))
    return misplaced


def edit_some_content():
    user = User.objects.create_user("kari", is_staff=True, password="hemmelig")
    statement = Statement.objects.order_by("pk").first()
    statement._history_user = user
    statement.text = "Redigert tekst."
    statement.save()
    FollowUpNote.objects.create(
        measure=Measure.objects.first(), title="Til møtet", text="Internt.", author=user
    )
    # The newest statement goes; its history stays and holds the highest id.
    Statement.objects.order_by("pk").last().delete()
    return statement


@pytest.mark.slow
@pytest.mark.usefixtures("committed_content")
def test_a_restore_gives_back_every_row_with_its_id_and_history_on_its_own_object(tmp_path):
    edited = edit_some_content()
    deleted_id = Statement.history.filter(history_type="-").get().id
    before = snapshot()
    assert before["findings.HistoricalStatement"]
    assert misplaced_history() == []

    path = tmp_path / "backup.xml"
    call_command("backup", path)
    Statement.objects.filter(pk=edited.pk).update(text="Etter sikkerhetskopien.")
    FollowUpNote.objects.all().delete()
    call_command("restore", path)

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert misplaced_history() == []
    assert Statement.objects.get(pk=edited.pk).text == "Redigert tekst."
    # A statement written after the restore does not inherit the deleted one's history.
    new = Statement.objects.get(pk=edited.pk)
    new.pk, new.key = None, "ny-etter-gjenoppretting"
    new.save()
    assert new.pk > deleted_id
    assert [record.history_type for record in new.history.all()] == ["+"]


def database_url(name):
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it, not even tables: a new server."""
    if connection.vendor == "sqlite":
        yield database_url(tmp_path / "ny.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database, *args):
    env = os.environ | {"DATABASE_URL": database, "DJANGO_SETTINGS_MODULE": "ia_portal.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.usefixtures("committed_content")
def test_restore_into_an_empty_database_needs_one_step_and_keeps_everything(
    tmp_path, empty_database
):
    edit_some_content()
    original = tmp_path / "original.xml"
    call_command("backup", original)

    restored = manage(empty_database, "restore", str(original))
    assert restored.returncode == 0, restored.stderr
    again = tmp_path / "again.xml"
    backed_up = manage(empty_database, "backup", str(again))
    assert backed_up.returncode == 0, backed_up.stderr

    # Every row, id and history entry came back exactly as it was.
    assert again.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_backups_are_readable_by_their_owner_only(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "backups").mkdir(mode=0o755)
    (tmp_path / "backups").chmod(0o755)
    elsewhere = tmp_path / "eksport" / "kopi.xml"
    existing = tmp_path / "gammel.xml"
    existing.write_text("")
    existing.chmod(0o644)
    old_umask = os.umask(0)  # the most open default a server could have
    try:
        call_command("backup")
        private_file(elsewhere)
        private_file(existing)
    finally:
        os.umask(old_umask)

    [backup] = (tmp_path / "backups").iterdir()
    assert mode(tmp_path / "backups") == 0o700
    assert mode(backup) == 0o600
    assert mode(elsewhere.parent) == 0o700
    assert mode(elsewhere) == 0o600
    assert mode(existing) == 0o600

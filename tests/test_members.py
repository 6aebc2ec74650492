"""Creating the logins: `manage.py create_member` and the make targets around it."""

import io
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from core.access import can_see_drafts

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Blåbærsyltetøy-og-vafler-2024"


def create(*args, password=GOOD_PASSWORD):
    out = io.StringIO()
    call_command(
        "create_member", *args, "--password-stdin", stdin=io.StringIO(password + "\n"), stdout=out
    )
    return out.getvalue()


def test_a_member_joins_the_coordination_group_without_admin_access():
    out = create("kari", "--role", "medlem", "--email", "kari@example.org")
    user = User.objects.get(username="kari")
    assert "Opprettet «kari» i koordineringsgruppen" in out
    assert [g.name for g in user.groups.all()] == ["Koordineringsgruppen"]
    assert not user.is_staff and not user.is_superuser
    assert user.check_password(GOOD_PASSWORD)
    assert user.email == "kari@example.org"
    assert user.has_perm("measures.view_followupnote")
    assert not can_see_drafts(user)


def test_a_secretary_gets_the_admin_and_the_drafts(client):
    create("ola", "--role", "sekretariat", "--first-name", "Ola")
    user = User.objects.get(username="ola")
    assert [g.name for g in user.groups.all()] == ["Sekretariat"]
    assert user.is_staff and not user.is_superuser
    assert can_see_drafts(user)
    client.force_login(user)
    assert client.get("/admin/findings/statement/").status_code == 200


@pytest.mark.parametrize(
    "password, message",
    [("kort", "for kort"), ("12345678901234", "bare tall"), ("password123", "for vanlig")],
)
def test_a_weak_password_is_refused_in_norwegian_and_nothing_is_created(password, message):
    with pytest.raises(CommandError) as error:
        create("per", "--role", "medlem", password=password)
    assert "Passordet ble ikke godtatt" in str(error.value)
    assert message in str(error.value)
    assert not User.objects.filter(username="per").exists()


def test_a_password_like_the_username_is_refused():
    with pytest.raises(CommandError, match="for likt"):
        create("annekarin", "--role", "medlem", password="annekarin1")


def test_an_existing_username_is_refused_whatever_its_case():
    create("kari", "--role", "medlem")
    with pytest.raises(CommandError, match="finnes allerede"):
        create("KARI", "--role", "sekretariat")
    assert User.objects.filter(username__iexact="kari").count() == 1


def test_an_unknown_role_is_refused():
    with pytest.raises(CommandError):
        create("kari", "--role", "admin")


def test_without_a_terminal_or_stdin_password_it_asks_for_one():
    with pytest.raises(CommandError, match="--password-stdin"):
        call_command("create_member", "kari", "--role", "medlem", stdin=io.StringIO(""))
    assert not User.objects.filter(username="kari").exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_it_prompts_twice_and_refuses_two_different_passwords(monkeypatch):
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="ikke like"):
        call_command("create_member", "kari", "--role", "medlem", stdin=Terminal())
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD])
    call_command(
        "create_member", "kari", "--role", "medlem", stdin=Terminal(), stdout=io.StringIO()
    )
    assert User.objects.get(username="kari").check_password(GOOD_PASSWORD)


def make(*args):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_make_run_takes_a_port():
    assert "runserver 127.0.0.1:8001" in make("-n", "run", "PORT=8001").stdout
    assert "runserver 127.0.0.1:8000" in make("-n", "run").stdout


@pytest.mark.parametrize("target, role", [("member", "medlem"), ("secretary", "sekretariat")])
def test_make_member_and_secretary_call_the_command(target, role):
    result = make("-n", target, "BRUKER=kari")
    assert f'manage.py create_member "kari" --role {role}' in result.stdout


@pytest.mark.parametrize("target", ["member", "secretary"])
def test_make_member_without_a_name_stops_before_setting_anything_up(target):
    result = make(target)
    assert result.returncode != 0
    assert f"Bruk: make {target} BRUKER=<brukernavn>" in result.stdout
    assert "migrate" not in result.stdout


def test_make_sync_content_writes_only_with_apply():
    assert "manage.py sync_content --apply" in make("-n", "sync-content", "APPLY=1").stdout
    listed = make("-n", "sync-content").stdout
    assert "manage.py sync_content" in listed
    assert "--apply" not in listed


def test_make_backup_and_restore_call_the_commands():
    assert "manage.py backup" in make("-n", "backup").stdout
    restore = make("-n", "restore", "FILE=backups/a.xml").stdout
    assert 'manage.py restore "backups/a.xml"' in restore


def test_make_restore_without_a_file_stops_before_anything():
    result = make("restore")
    assert result.returncode != 0
    assert "Bruk: make restore FILE=backups/<fil>.xml" in result.stdout

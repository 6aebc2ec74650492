"""Running in production: errors are logged and mailed, and passwords are long."""

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from .test_security import run_with_production_settings

pytestmark = pytest.mark.django_db

CRASH = """
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.core import mail
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.crashing_urls"):
    response = Client(raise_request_exception=False).get("/krasj/", secure=True)
print("STATUS", response.status_code)
print("MAIL", sorted(address for message in mail.outbox for address in message.to))
"""


def test_a_server_error_in_production_is_logged_to_stderr():
    result = run_with_production_settings("-c", CRASH)
    assert "STATUS 500" in result.stdout, result.stderr
    assert "Internal Server Error: /krasj/" in result.stderr
    assert "RuntimeError: hemmelig detalj om databasen" in result.stderr  # with its traceback
    assert "MAIL []" in result.stdout


def test_a_server_error_in_production_is_mailed_to_admins_when_configured():
    result = run_with_production_settings("-c", CRASH, ADMINS="drift@example.no, vakt@example.no")
    assert "MAIL ['drift@example.no', 'vakt@example.no']" in result.stdout, result.stderr


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("kari", "Sommer2026", "Passordet er for kort. Det må bestå av minst 12 tegn."),
        ("sekr2", "sekr2sekr2", "Passordet er for kort. Det må bestå av minst 12 tegn."),
        ("sekretariat", "Sekretariat1", "Passordet er for likt brukernavn."),
        ("kari", "123456789012", "Dette passordet inneholder bare tall."),
    ],
)
def test_weak_passwords_are_refused_in_norwegian(username, password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, User(username=username))
    assert message in refused.value.messages


def test_a_long_passphrase_is_accepted():
    validate_password("korrekt hest batteri stift", User(username="kari"))


def test_a_superuser_cannot_give_a_user_a_short_password(admin_client):
    user = User.objects.create_user("sekr2", password="et-langt-passord-2026")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = admin_client.post(url, {"password1": "sekr2sekr2", "password2": "sekr2sekr2"})
    assert response.status_code == 200
    assert "Passordet er for kort" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("et-langt-passord-2026")

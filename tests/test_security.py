"""Deployment settings, security headers, error pages and login throttling."""

import datetime
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "p" * 20 + "roduction-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "ia-portalen.example.no",
    "PORTAL_CONTACT_EMAIL": "sekretariatet@ia-portalen.example.no",
    "DJANGO_SETTINGS_MODULE": "ia_portal.settings",
}


def production_env(**changes):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is no part of a deployment.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **PRODUCTION_ENV, **changes}


def run_with_production_settings(*args, **changes):
    env = production_env(**changes)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings():
    result = run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_check_deploy_warns_while_the_contact_address_is_the_placeholder():
    result = run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        PORTAL_CONTACT_EMAIL="ia-portalen@example.org",
    )  # fmt: skip
    assert result.returncode != 0
    assert "ia_portal.W001" in result.stderr + result.stdout
    assert "PORTAL_CONTACT_EMAIL" in result.stderr + result.stdout


@pytest.mark.slow
def test_production_cookies_are_secure_host_only_and_expire():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SECURE_SSL_REDIRECT)"
    )
    result = run_with_production_settings("-c", code)
    assert result.stdout.split() == [
        "__Host-sessionid", "__Host-csrftoken", "True", "True", "True", "31536000",
        "28800", "True", "True",
    ]  # fmt: skip


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_production_settings("manage.py", "check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PAGE_TYPES = [
    "/",
    reverse("findings:measure", args=["ekspertbistand"]),
    reverse("findings:statements") + "?q=arbeidsmiljø",
    reverse("findings:statements") + "?type=tull",  # 400
    reverse("findings:evaluations"),
    reverse("measures:budget"),
    reverse("findings:source", args=["oxford-research-2022"]),
    reverse("privacy"),
    "/finnes-ikke/",  # 404
    reverse("login"),
    "/admin/login/",
]


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_every_page_type_sends_a_strict_content_security_policy(url):
    response = Client().get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split("; ") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_admin_works_under_the_policy_for_a_logged_in_user(secretariat_client):
    response = secretariat_client.get(reverse("admin:findings_statement_changelist"))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response


def test_not_found_is_in_norwegian_and_leaks_nothing():
    response = Client().get("/virkemidler/finnes-ikke/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Fant ikke siden" in html
    assert "Traceback" not in html and "urlpatterns" not in html


def test_a_page_past_the_end_says_how_many_pages_there_are(client):
    response = client.get("/funn/", {"type": "experience", "side": 999})
    html = response.content.decode()
    assert response.status_code == 404
    pages = int(re.search(r"Listen har (\d+) sider", html).group(1))
    assert client.get("/funn/", {"type": "experience", "side": pages}).status_code == 200
    assert f'href="/funn/?type=experience&amp;side={pages}">til siste side ({pages})' in html
    assert 'href="/funn/?type=experience">Gå til første side' in html


def test_a_list_of_one_page_says_so(client):
    html = client.get("/budsjett/", {"side": 5}).content.decode()
    assert "Listen har bare én side" in html
    assert 'href="/budsjett/">Gå til første side</a>.' in html


def test_server_error_is_in_norwegian_and_leaks_nothing(settings):
    settings.ROOT_URLCONF = "tests.crashing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/krasj/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt" in html
    assert "hemmelig" not in html and "Traceback" not in html


def test_bad_request_page_is_in_norwegian():
    response = Client().get(reverse("findings:statements"), {"side": "x"})
    assert response.status_code == 400
    assert "Noe i adressen kan ikke brukes" in response.content.decode()


def lock_out(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "feil"})


RIGHT = {"username": "kari", "password": "riktig-passord-123"}


def test_logins_are_throttled_per_username_and_address():
    User.objects.create_user(**RIGHT)
    User.objects.create_user("ola", password="riktig-passord-456")
    client = Client(REMOTE_ADDR="10.0.0.1")
    lock_out(client, "kari")
    locked = client.post(reverse("login"), RIGHT)
    assert locked.status_code == 429
    assert "For mange mislykkede innlogginger" in locked.content.decode()
    # Another user from the same address, and the same user elsewhere, still get in.
    other = client.post(reverse("login"), {"username": "ola", "password": "riktig-passord-456"})
    assert other.status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.0.0.2").post(reverse("login"), RIGHT)
    assert elsewhere.status_code == 302


def test_a_locked_login_opens_again_after_fifteen_minutes():
    User.objects.create_user(**RIGHT)
    client = Client(REMOTE_ADDR="10.0.0.1")
    lock_out(client, "kari")
    assert client.post(reverse("login"), RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert client.post(reverse("login"), RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=15))
    assert client.post(reverse("login"), RIGHT).status_code == 302


def behind_one_proxy(forwarded):
    """A client whose request passed one proxy (10.0.0.9), which appended the
    address it came from to what the client sent."""
    return Client(REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_a_proxy_the_clients_own_address_is_locked_out(settings):
    settings.PROXY_COUNT = 1
    User.objects.create_user(**RIGHT)
    lock_out(behind_one_proxy("203.0.113.5"), "kari")
    assert behind_one_proxy("203.0.113.5").post(reverse("login"), RIGHT).status_code == 429
    # A forged address to the left of the proxy's entry changes nothing.
    forged = behind_one_proxy("198.51.100.1, 203.0.113.5")
    assert forged.post(reverse("login"), RIGHT).status_code == 429
    # Another client behind the same proxy still gets in.
    assert behind_one_proxy("198.51.100.7").post(reverse("login"), RIGHT).status_code == 302


@pytest.mark.parametrize("forwarded", ["", "unknown", "1.2.3.4:80, x", "::1]"])
def test_behind_a_proxy_a_forwarded_value_that_is_no_address_falls_back(settings, forwarded):
    settings.PROXY_COUNT = 1
    User.objects.create_user(**RIGHT)
    response = behind_one_proxy(forwarded).post(reverse("login"), RIGHT | {"password": "feil"})
    assert response.status_code == 200  # the form again, with its message
    assert AccessAttempt.objects.get().ip_address == "10.0.0.9"


def test_without_a_proxy_a_forwarded_address_is_ignored():
    assert settings.PROXY_COUNT == 0
    User.objects.create_user(**RIGHT)
    lock_out(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"), "kari")
    dodging = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert dodging.post(reverse("login"), RIGHT).status_code == 429


@pytest.mark.slow
def test_static_files_get_hashed_and_compressed_names(tmp_path):
    result = run_with_production_settings(
        "manage.py", "collectstatic", "--noinput", STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    css = {path.name for path in (tmp_path / "css").iterdir()}
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css")]
    assert any(name != "site.css" for name in hashed)
    assert any(name.endswith(".css.gz") for name in css)
    assert (tmp_path / "staticfiles.json").exists()


def test_forbidden_is_in_norwegian_and_leaks_nothing(secretariat_client):
    response = secretariat_client.get(reverse("admin:auth_user_changelist"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Ingen tilgang" in html
    assert "Traceback" not in html

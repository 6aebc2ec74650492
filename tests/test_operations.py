"""Running in production: errors are logged and mailed, passwords are long,
pages for logged-in users stay out of shared caches, and the admin works under
the Content-Security-Policy."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from findings.models import Statement
from measures.models import Measure

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


@pytest.mark.slow
def test_a_server_error_in_production_is_logged_to_stderr():
    result = run_with_production_settings("-c", CRASH)
    assert "STATUS 500" in result.stdout, result.stderr
    assert "Internal Server Error: /krasj/" in result.stderr
    assert "RuntimeError: hemmelig detalj om databasen" in result.stderr  # with its traceback
    assert "MAIL []" in result.stdout


@pytest.mark.slow
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


def test_a_superuser_cannot_give_a_user_a_short_password(superuser_client):
    user = User.objects.create_user("sekr2", password="et-langt-passord-2026")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = superuser_client.post(url, {"password1": "sekr2sekr2", "password2": "sekr2sekr2"})
    assert response.status_code == 200
    assert "Passordet er for kort" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("et-langt-passord-2026")


PAGES = [
    "/",
    "/virkemidler/",
    "/virkemidler/ekspertbistand/",
    "/funn/",
    "/funn/?format=csv",
    "/evalueringer/",
    "/budsjett/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_for_a_logged_in_user_are_private_to_them(member_client, secretariat_client, url):
    for client in (member_client, secretariat_client):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_for_visitors_may_be_cached(client, url):
    response = client.get(url)
    assert "private" not in response.get("Cache-Control", "")


def secretariat_admin_pages():
    measure = Measure.objects.get(key="ekspertbistand")
    statement = Statement.objects.order_by("pk").first()
    pages = [reverse("admin:index"), reverse("admin:app_list", args=["findings"])]
    for name in ("statement", "evaluation"):
        pages += [
            reverse(f"admin:findings_{name}_changelist"),
            reverse(f"admin:findings_{name}_add"),
            reverse(f"admin:findings_{name}_import"),
            reverse(f"admin:findings_{name}_export"),
        ]
    pages += [
        reverse("admin:measures_budgetline_import"),
        reverse("admin:measures_budgetline_export"),
        reverse("admin:measures_measure_change", args=[measure.pk]),
        reverse("admin:findings_statement_change", args=[statement.pk]),
        reverse("admin:findings_statement_history", args=[statement.pk]),
        reverse("admin:findings_statement_delete", args=[statement.pk]),
    ]
    return pages


def test_the_admin_pages_the_secretariat_uses_have_no_inline_event_handlers(secretariat_client):
    for url in secretariat_admin_pages():
        response = secretariat_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not re.findall(r"<[^>]*\son[a-z]+\s*=", html), url
        assert "javascript:" not in html, url


def test_select_all_on_the_export_page_works_without_inline_code(secretariat_client):
    html = secretariat_client.get(reverse("admin:findings_statement_export")).content.decode()
    assert 'id="select-all-toggle"' in html
    assert "admin_nb/export_select_all.js" in html
    assert not re.findall(r"<[^>]*\son[a-z]+\s*=", html)


def autocompletes():
    """Every autocomplete in the admin: (app label, model, field), inlines included."""
    found = set()
    for model_admin in admin.site._registry.values():
        for admin_class in (model_admin, *model_admin.inlines):
            model = admin_class.model
            for field in admin_class.autocomplete_fields:
                found.add((model._meta.app_label, model._meta.model_name, field))
    return sorted(found)


def autocomplete_url(app_label, model_name, field_name, term):
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    return reverse("admin:autocomplete") + "?" + urlencode(query | {"term": term})


def test_every_autocomplete_in_the_admin_answers(secretariat_client):
    found = autocompletes()
    assert ("findings", "evaluation_measures", "evaluation") in found  # the measure's inlines
    for spec in found:
        response = secretariat_client.get(autocomplete_url(*spec, term="a"))
        assert response.status_code == 200, spec
        assert "results" in response.json()


def test_a_nul_character_in_an_admin_search_is_a_bad_request_not_a_server_error(
    secretariat_client,
):
    # PostgreSQL cannot compare text with NUL: these were 500s there.
    search = autocomplete_url("findings", "evaluation", "measures", term="a\x00")
    changelist = reverse("admin:findings_statement_changelist") + "?q=%00"
    for url in (search, changelist):
        response = secretariat_client.get(url)
        assert response.status_code == 400, url
        assert "Forespørselen kan ikke brukes" in response.content.decode()

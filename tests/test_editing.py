"""The secretariat's daily work in the admin: the edit history (restores and
concurrent editing: test_history.py; spreadsheets: test_spreadsheets.py)."""

import html
import re

import pytest
from django.urls import reverse

from findings.models import Statement
from tests.admin_forms import posted_values
from tests.conftest import secretary

pytestmark = pytest.mark.django_db


def change_url(statement):
    return reverse("admin:findings_statement_change", args=[statement.pk])


def form_data(client, statement):
    return posted_values(client.get(change_url(statement)).context["adminform"].form)


@pytest.fixture
def statement():
    return Statement.objects.get(key=Statement.objects.order_by("pk").first().key)


def test_every_change_is_kept_with_who_when_and_a_diff(statement):
    user, client = secretary("kari")
    original = statement.text
    for new_text in ("Første endring.", "Andre endring."):
        data = form_data(client, statement) | {"text": new_text}
        response = client.post(change_url(statement), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
    records = list(statement.history.filter(history_user=user).order_by("history_id"))
    assert len(records) == 2
    delta = records[1].diff_against(records[0])
    change = next(c for c in delta.changes if c.field == "text")
    assert (change.old, change.new) == ("Første endring.", "Andre endring.")
    assert original != "Første endring."
    history_page = client.get(reverse("admin:findings_statement_history", args=[statement.pk]))
    html = history_page.content.decode()
    assert "kari" in html  # who
    assert "Første endring." in html and "Andre endring." in html  # the diff, before → after


def test_the_history_shows_labels_and_empty_values_as_the_form_does():
    statement = Statement.objects.exclude(footnote="").filter(publication="published").first()
    _, client = secretary("kari")
    statement.publication = "draft"
    statement.footnote = ""
    statement.save()
    statement.publication = "published"
    statement.save()
    url = reverse("admin:findings_statement_history", args=[statement.pk])
    page = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
    text = " ".join(html.unescape(page).split())
    assert "Publisering: Utkast → Publisert" in text
    assert "Publisering: Publisert → Utkast" in text
    assert f"Fotnote: {statement.history.earliest().footnote} → (tom)" in text

"""The browsing pages: content, filters, formats and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.models import Statement

from .scaling import multiply_content

NB = "\xa0"
# A comment or tag that reaches the page (a `{# #}` comment spans one line only).
TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")
PAGES = [
    reverse("findings:overview"),
    reverse("findings:measures"),
    reverse("findings:measures") + "?organisasjon=arbeidstilsynet&evaluering=delivered",
    reverse("findings:measure", args=["bransjeprogrammer"]),
    reverse("findings:measure", args=["ekspertbistand"]),
    reverse("measures:budget"),
    reverse("findings:statements"),
    reverse("findings:statements") + "?q=sykmeldte&type=experience",
    reverse("findings:statements") + "?virkemiddel=bransjeprogrammer&innsatsomrade=preventive",
    reverse("findings:statements") + "?format=csv",
    reverse("findings:evaluations"),
    reverse("findings:evaluations") + "?status=delivered",
    reverse("findings:evaluations") + "?evaluator=stami&virkemiddel=bransjeprogrammer",
    reverse("accessibility"),
    reverse("privacy"),
    reverse("findings:sources"),
    reverse("findings:source", args=["arbeidsgruppen-2022"]),
    reverse("findings:source", args=["oxford-research-2022"]),
    reverse("followup:items"),
    reverse("followup:items") + "?virkemiddel=bransjeprogrammer&status=not_started",
    reverse("followup:items") + "?format=csv",
    reverse("followup:matrix"),
    reverse("followup:item", args=["ag-fou-ressurser"]),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.scaling
@pytest.mark.django_db
def test_every_page_uses_the_same_number_of_queries_at_ten_times_the_data(
    visitor_client, secretariat_client
):
    # Both roles in one test, so the content is multiplied once.
    clients = {"visitor": visitor_client, "secretariat": secretariat_client}
    before = {(role, url): count_queries(c, url) for role, c in clients.items() for url in PAGES}
    statements = Statement.objects.count()
    multiply_content(10)
    assert Statement.objects.count() == 10 * statements
    after = {(role, url): count_queries(c, url) for role, c in clients.items() for url in PAGES}
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_page_renders_in_norwegian(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if not response.streaming:
        html = response.content.decode()
        assert '<html lang="nb">' in html
        assert html.count("<h1") == 1
        assert 'href="#hovedinnhold"' in html
        leaked = [mark for mark in TEMPLATE_SYNTAX if mark in html]
        assert not leaked, f"template syntax in the page: {leaked}"

"""Pages whose cost does not grow with the database.

The portal grows by statements and evaluations accumulating; the measures stay.
Each page here must render the same rows, about the same bytes and run the same
queries at twice the statements and evaluations as at the real content. The
bounded lists (a measure page's sections, /evalueringer/'s pages) get bounds
below the real content here, so that the real content already fills them.
/kilder/<key>/ is left out: it shows a whole document, bounded by its length,
and the copies made here would all cite the same two documents.
"""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import SECRETARIAT
from findings import selectors
from findings.models import Evaluation, Statement
from findings.views import evaluations
from measures import views as budget_view
from measures.models import BudgetLine

from .scaling import grow_budget_lines, grow_statements_and_evaluations

pytestmark = [pytest.mark.django_db, pytest.mark.scaling]

PAGES = [
    reverse("findings:overview"),
    reverse("findings:measures"),
    reverse("findings:measures") + "?evaluering=planned",
    reverse("findings:measure", args=["bransjeprogrammer"]),
    reverse("findings:measure", args=["organisering-av-avtalen"]),
    reverse("findings:evaluations"),
    reverse("findings:evaluations") + "?status=ventes",
    reverse("measures:budget"),
    reverse("findings:sources"),
    reverse("followup:items"),
    reverse("followup:matrix"),
]
# A row: a table row, a list item or a statement.
ROW = re.compile(r"<(tr|li|article)\b")
# How much bigger a page may be at 2×: its numbers grow a digit, and a bounded
# list may show a copy (whose key is longer) where it showed another statement.
BYTES_TOLERANCE = 0.05


@pytest.fixture
def small_bounds(monkeypatch):
    """Bounds the real content already exceeds: 3 statements a section,
    one evaluation on a measure's page, 4 evaluations a page."""
    monkeypatch.setattr(selectors, "STATEMENTS_PER_SECTION", 3)
    monkeypatch.setattr(selectors, "EVALUATIONS_PER_PAGE", 1)
    monkeypatch.setattr(evaluations, "PAGE_SIZE", 4)


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return {"queries": len(queries), "rows": len(ROW.findall(html)), "bytes": len(html)}


@pytest.mark.parametrize("role", ["visitor", "secretariat"])
def test_pages_render_the_same_at_twice_the_statements_and_evaluations(role, small_bounds):
    client = Client()
    if role == "secretariat":
        user = User.objects.create_user("sekretar", is_staff=True)
        user.groups.add(Group.objects.get(name=SECRETARIAT))
        client.force_login(user)
    before = {url: measure(client, url) for url in PAGES}
    statements, evaluations_before = Statement.objects.count(), Evaluation.objects.count()
    grow_statements_and_evaluations(2)
    assert Statement.objects.count() == 2 * statements
    assert Evaluation.objects.count() == 2 * evaluations_before
    after = {url: measure(client, url) for url in PAGES}
    for url in PAGES:
        assert after[url]["queries"] == before[url]["queries"], url
        assert after[url]["rows"] == before[url]["rows"], url
        assert after[url]["bytes"] <= before[url]["bytes"] * (1 + BYTES_TOLERANCE), (
            url,
            before[url],
            after[url],
        )


BUDGET_PAGES = [
    reverse("measures:budget"),
    reverse("findings:overview"),
    reverse("findings:measure", args=["arbeidsmiljosatsingen"]),
    reverse("findings:measure", args=["ekspertbistand"]),
]


def test_budget_tables_do_not_grow_with_the_budget_lines(client, monkeypatch):
    """The tables sum the lines in the database; the lines listed with their
    source text are bounded (here below the real content)."""
    monkeypatch.setattr(budget_view, "PAGE_SIZE", 5)
    monkeypatch.setattr(selectors, "BUDGET_LINES_PER_PAGE", 1)
    before = {url: measure(client, url) for url in BUDGET_PAGES}
    lines = BudgetLine.objects.count()
    grow_budget_lines(2)
    assert BudgetLine.objects.count() == 2 * lines
    after = {url: measure(client, url) for url in BUDGET_PAGES}
    for url in BUDGET_PAGES:
        assert after[url]["queries"] == before[url]["queries"], url
        assert after[url]["rows"] == before[url]["rows"], url
        # Each summed cell now says «sum av 2 beløp».
        assert after[url]["bytes"] <= before[url]["bytes"] * 1.15, (url, before[url], after[url])

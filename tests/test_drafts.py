"""Drafts reach nobody but the secretariat: no page, count, facet, search or export."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure, SourceDocument

DRAFT_TEXT = "Utkastformulering zqxv som ikke er publisert"
DRAFT_EVALUATION = "Utkastevaluering zqxv"
DRAFT_BUDGET = "Utkastbudsjett zqxv"
pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(db):
    measure = Measure.objects.get(key="ekspertbistand")
    source = SourceDocument.objects.get(key="arbeidsgruppen-2022")
    where = {"source": source, "section": "Sekretariatets utkast", "position": 1}
    statement = Statement.objects.create(
        key="utkast-1", kind="assessment", voice="working_group", text=DRAFT_TEXT, **where
    )
    statement.measures.add(measure)
    evaluation = Evaluation.objects.create(
        key="utkast-evaluering", title=DRAFT_EVALUATION, kind="final", status="planned",
        due=datetime.date(2023, 1, 1), due_precision="year", source_text="x", **where,
    )  # fmt: skip
    evaluation.measures.add(measure)
    BudgetLine.objects.create(
        key="utkast-budsjett", measure=measure, year_from=2021, year_to=2021, kind="frame",
        amount=Decimal("123456789"), label=DRAFT_BUDGET, source_text="x", **where,
    )  # fmt: skip
    assert statement.is_draft  # new content starts as a draft
    return statement


@pytest.fixture
def member_client(db):
    member = User.objects.create_user("medlem")
    member.groups.add(Group.objects.get(name="Koordineringsgruppen"))
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def visitor():
    return Client()


PAGES = [
    reverse("findings:overview"),
    reverse("findings:measures"),
    reverse("findings:measure", args=["ekspertbistand"]),
    reverse("measures:budget"),
    reverse("findings:statements"),
    reverse("findings:statements") + "?q=zqxv",
    reverse("findings:statements") + "?virkemiddel=ekspertbistand&type=assessment",
    reverse("findings:evaluations"),
    reverse("findings:evaluations") + "?ar=2023",
    reverse("findings:sources"),
    reverse("findings:source", args=["arbeidsgruppen-2022"]),
]


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_drafts_appear_on_no_page(request, drafts, who):
    client = request.getfixturevalue("visitor" if who == "anonymous" else "member_client")
    for url in PAGES:
        html = page_text(client, url)
        for secret in ("Utkastformulering", DRAFT_EVALUATION, DRAFT_BUDGET, "123,46"):
            assert secret not in html, url


def test_drafts_are_not_in_counts_or_facets(client, drafts):
    response = client.get(reverse("findings:statements"), {"virkemiddel": "ekspertbistand"})
    published = Statement.objects.published().filter(measures__key="ekspertbistand")
    assert response.context["page"].paginator.count == published.count()
    kinds = {f.name: f for f in response.context["facets"]}["type"]
    assessments = next(o for o in kinds.options if o.value == "assessment")
    assert assessments.count == published.filter(kind="assessment").count()
    overview = client.get(reverse("findings:overview"))
    row = next(g for g in overview.context["glance"] if g.measure.key == "ekspertbistand")
    assert row.statement_count == published.count()


def test_drafts_are_not_in_search_or_export(client, drafts):
    response = client.get(reverse("findings:statements"), {"q": "zqxv"})
    assert response.context["page"].paginator.count == 0
    export = client.get(reverse("findings:statements"), {"format": "csv"})
    assert DRAFT_TEXT not in b"".join(export.streaming_content).decode()


def test_the_secretariat_previews_drafts_marked_as_such(secretariat_client, drafts):
    html = page_text(secretariat_client, reverse("findings:measure", args=["ekspertbistand"]))
    assert DRAFT_TEXT in html
    assert DRAFT_EVALUATION in html
    assert "Utkast" in html
    html = page_text(secretariat_client, reverse("findings:statements") + "?q=zqxv")
    assert "Utkastformulering <mark>zqxv</mark>" in html
    html = page_text(secretariat_client, reverse("findings:source", args=["arbeidsgruppen-2022"]))
    assert DRAFT_TEXT in html


def test_the_secretariat_publishes_and_unpublishes_in_bulk(secretariat_client, visitor, drafts):
    changelist = reverse("admin:findings_statement_changelist")
    secretariat_client.post(
        changelist, {"action": "publish", "_selected_action": [drafts.pk]}, follow=True
    )
    drafts.refresh_from_db()
    assert not drafts.is_draft
    assert "Utkastformulering" in page_text(visitor, reverse("findings:statements") + "?q=zqxv")
    secretariat_client.post(changelist, {"action": "unpublish", "_selected_action": [drafts.pk]})
    drafts.refresh_from_db()
    assert drafts.is_draft
    assert "Utkastformulering" not in page_text(visitor, reverse("findings:statements") + "?q=zqxv")


def test_members_read_internal_notes_that_visitors_do_not(visitor, member_client):
    from measures.models import FollowUpNote

    FollowUpNote.objects.create(
        measure=Measure.objects.get(key="skil"), title="Notat til møtet 4. mai", text="Internt."
    )
    url = reverse("findings:measure", args=["skil"])
    assert "Notat til møtet 4. mai" in page_text(member_client, url)
    assert "Notat til møtet 4. mai" not in page_text(visitor, url)
    assert "Interne oppfølgingsnotater" not in page_text(visitor, url)


def test_the_secretariat_can_open_a_draft_on_its_public_page(secretariat_client, drafts):
    url = drafts.get_absolute_url()
    assert url == reverse("findings:measure", args=["ekspertbistand"]) + "#utsagn-utkast-1"
    change = secretariat_client.get(reverse("admin:findings_statement_change", args=[drafts.pk]))
    assert "Vis på nettsted" in change.content.decode()
    html = page_text(secretariat_client, url.split("#")[0])
    assert 'id="utsagn-utkast-1"' in html

"""Counts, facets and page rows kept per content version (core.memo).

They are kept only outside a transaction, as production serves pages, so these
tests commit (transactional) and run with the database cache, the default.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Prefetch
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import memo
from findings.models import Statement
from ia_portal.settings import cache_from_url
from measures.models import Measure

from .conftest import logged_in

pytestmark = pytest.mark.django_db(transaction=True)

FUNN = reverse("findings:statements")
PAGES = [
    reverse("findings:overview"),
    reverse("findings:measures"),
    reverse("findings:measure", args=["ekspertbistand"]),
    reverse("findings:measure", args=["bransjeprogrammer"]),
    reverse("findings:evaluations"),
    reverse("findings:evaluations") + "?virkemiddel=ekspertbistand",
    reverse("measures:budget"),
    reverse("findings:evidence"),
    reverse("followup:items"),
    FUNN,
    FUNN + "?side=3",
    FUNN + "?avsender=evaluator&type=recommendation",
    FUNN + "?q=ekspertbistand",
    FUNN + "?virkemiddel=bransjeprogrammer&sorter=kilde",
]
NEW_TEXT = "Helt ny tekst fra sekretariatet qq8"


@pytest.fixture
def cache_on(settings):
    settings.CACHES = {"default": cache_from_url("db://")}
    call_command("createcachetable", verbosity=0)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    # What differs on every request whatever the cache: CSRF tokens, CSP nonces.
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["visitor", "member", "secretariat"])
def test_every_page_is_the_same_from_kept_results_as_computed_afresh(role, cast, settings):
    client = Client() if role == "visitor" else logged_in(cast[role])
    fresh = {url: html(client, url) for url in PAGES}  # the suite's dummy cache
    settings.PAGE_CACHE = False  # a visitor's page is rendered, from what was kept
    settings.CACHES = {"default": cache_from_url("db://")}
    call_command("createcachetable", verbosity=0)
    for url in PAGES:
        html(client, url)  # computes and keeps
        assert html(client, url) == fresh[url], url  # from what was kept


@pytest.mark.parametrize(
    "url",
    [
        FUNN + "?avsender=evaluator",
        reverse("findings:measures") + "?innsatsomrade=preventive",
        reverse("findings:evaluations") + "?status=ventes",
        reverse("followup:items") + "?status=not_started",
        reverse("measures:budget"),
    ],
)
def test_the_second_request_reads_kept_results_instead_of_counting(cache_on, member_client, url):
    with CaptureQueriesContext(connection) as first:
        html(member_client, url)
    with CaptureQueriesContext(connection) as second:
        html(member_client, url)
    counted = [q["sql"] for q in first if "COUNT(" in q["sql"]]
    assert counted  # the first request counts the rows and each filter's options
    assert not [q["sql"] for q in second if "COUNT(" in q["sql"]]


def test_an_edit_shows_at_once(cache_on, member_client):
    url = reverse("findings:measure", args=["ekspertbistand"])
    html(member_client, url)
    statement = Statement.objects.filter(measures__key="ekspertbistand").first()
    statement.text = NEW_TEXT
    statement.save()
    assert NEW_TEXT in html(member_client, url)
    assert NEW_TEXT in html(member_client, FUNN + "?virkemiddel=ekspertbistand")


def test_a_publish_changes_the_counts_at_once(cache_on, member_client):
    statement = Statement.objects.filter(measures__key="ekspertbistand").first()
    url = FUNN + "?virkemiddel=ekspertbistand"
    shown = _result_count(html(member_client, url))
    Statement.objects.filter(pk=statement.pk).update(publication="draft")
    assert _result_count(html(member_client, url)) == shown - 1


def test_what_is_kept_for_the_secretariat_never_reaches_a_member(
    cache_on, member_client, secretariat_client
):
    statement = Statement.objects.filter(measures__key="ekspertbistand").first()
    Statement.objects.filter(pk=statement.pk).update(publication="draft", text=NEW_TEXT)
    url = FUNN + "?virkemiddel=ekspertbistand"
    assert NEW_TEXT in html(secretariat_client, url)
    with_draft = _result_count(html(secretariat_client, url))
    page = html(member_client, url)
    assert NEW_TEXT not in page
    assert _result_count(page) == with_draft - 1
    measure_page = reverse("findings:measure", args=["ekspertbistand"])
    assert NEW_TEXT in html(secretariat_client, measure_page)
    assert NEW_TEXT not in html(member_client, measure_page)


def test_nothing_is_kept_inside_a_transaction(cache_on):
    measures = Measure.objects.order_by("pk")
    calls = []

    def compute():
        calls.append(1)
        return list(measures)

    memo.kept("test|measures", compute)
    memo.kept("test|measures", compute)
    assert len(calls) == 1  # outside: kept
    with transaction.atomic():
        memo.kept("test|measures", compute)
    assert len(calls) == 2  # inside: computed, the version may yet roll back


def test_a_query_that_cannot_match_is_not_kept_but_answered(cache_on):
    assert memo.rows(Measure.objects.filter(pk__in=[])) == []
    assert memo.count(Measure.objects.none()) == 0


def test_a_prefetch_that_cannot_match_is_kept_apart_from_one_that_can(cache_on):
    def measures(children):
        prefetch = Prefetch("children", queryset=children, to_attr="kids")
        return memo.rows(Measure.objects.filter(key="bransjeprogrammer").prefetch_related(prefetch))

    assert measures(Measure.objects.none())[0].kids == []
    assert len(measures(Measure.objects.all())[0].kids) == 7  # the seven programmes


def _result_count(page):
    """The number in /funn/'s «N utsagn» line."""
    match = re.search(r"<strong>(\d+)</strong> utsagn", page)
    assert match, "no result count on the page"
    return int(match.group(1))

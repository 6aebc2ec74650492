"""/funn/'s facets, counted in one query, equal the counts of the straightforward
way: for each facet, the filterset without that facet's own filter, counted
per option with COUNT(DISTINCT) (the way facets.py counted before).
And /funn/ costs a fixed number of queries for each role."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from findings.facets import statement_facets
from findings.filters import StatementFilter
from findings.models import Statement
from measures.models import Measure, SourceDocument

pytestmark = pytest.mark.django_db
URL = reverse("findings:statements")

CASES = [
    {},
    {"q": "sykefravær"},
    {"q": "arbeidsmiljø", "avsender": "social_partners"},
    {"q": "ekspertbistand -NAV"},
    {"q": "NALS"},
    {"q": "fravær*", "innsatsomrade": "sick_leave"},
    {"virkemiddel": "ekspertbistand", "avsender": "working_group"},
    {"type": "recommendation", "mottaker": "nav", "kilde": "arbeidsgruppen-2022"},
    {"innsatsomrade": "sick_leave", "type": "finding", "organisasjon": "oxford-research"},
    {"virkemiddel": "bransjeprogrammer", "innsatsomrade": "preventive", "sorter": "type"},
]


def reference_counts(data, queryset):
    """{facet: {value: count}}, one filterset and one COUNT(DISTINCT) per facet."""
    counts = {}
    for name, field in StatementFilter.FACETS.items():
        others = {k: v for k, v in data.items() if k not in (name, "sorter")}
        matching = StatementFilter(others, queryset=queryset).qs
        grouped = matching.order_by().values_list(field).annotate(n=Count("pk", distinct=True))
        # «No addressee» is no option.
        counts[name] = {value: n for value, n in grouped if value not in (None, "")}
    return counts


def shown_counts(facets):
    return {f.name: {o.value: o.count for o in f.options if o.count} for f in facets}


def secretariat():
    user = User.objects.create_user("sekretariat-fasetter", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    return user


@pytest.fixture
def draft():
    """A draft only the secretariat sees, in a measure, focus area and source of its own kind."""
    statement = Statement.objects.create(
        key="utkast-fasett", kind="recommendation", voice="working_group", addressee="nav",
        text="Sykefraværet bør følges opp av NAV Arbeidslivssenter i et utkast.",
        source=SourceDocument.objects.get(key="arbeidsgruppen-2022"), section="Utkast",
        position=1,
    )  # fmt: skip
    statement.measures.add(Measure.objects.get(key="ekspertbistand"))
    statement.measures.add(Measure.objects.get(key="nav-arbeidslivssenter"))
    assert statement.is_draft
    return statement


@pytest.mark.parametrize("data", CASES, ids=lambda d: "&".join(f"{k}={v}" for k, v in d.items()))
@pytest.mark.parametrize("role", ["visitor", "secretariat"])
def test_facets_in_one_query_count_what_one_query_per_facet_counted(data, role, draft):
    user = AnonymousUser() if role == "visitor" else secretariat()
    queryset = Statement.objects.visible_to(user).for_listing()
    expected = reference_counts(data, queryset)
    shown = shown_counts(statement_facets(StatementFilter, data, queryset))
    assert shown == expected
    assert any(expected.values()), "a selection without counts proves nothing"


def test_the_draft_counts_for_the_secretariat_only(draft):
    data = {"q": "utkast", "type": "recommendation"}
    visitor = shown_counts(
        statement_facets(StatementFilter, data, Statement.objects.visible_to(AnonymousUser()))
    )
    staff = shown_counts(
        statement_facets(StatementFilter, data, Statement.objects.visible_to(secretariat()))
    )
    assert staff["virkemiddel"].get("ekspertbistand", 0) == (
        visitor["virkemiddel"].get("ekspertbistand", 0) + 1
    )
    assert staff["type"]["recommendation"] == visitor["type"].get("recommendation", 0) + 1


def test_a_validated_filterset_can_be_handed_over():
    data = {"virkemiddel": "ekspertbistand", "type": "experience"}
    queryset = Statement.objects.visible_to(AnonymousUser())
    filterset = StatementFilter(data, queryset=queryset)
    assert filterset.is_valid()
    assert shown_counts(
        statement_facets(StatementFilter, data, queryset, filterset=filterset)
    ) == shown_counts(statement_facets(StatementFilter, data, queryset))


# Query counts of /funn/, pinned per role --------------------------------------

# visitor: result count, page, its measures (prefetch), the facets' register
# (measures, speakers, sources, periods), all facet counts (one), the selects'
# choices from the FilterSet (measures, organisations, sources, periods),
# «sist oppdatert». A logged-in user adds the session, the user and two of
# permissions.
QUERIES = {"visitor": 13, "member": 17, "secretariat": 17}
SHAPES = [
    ({}, 0),
    ({"q": "sykefravær"}, 0),
    ({"q": "fravær*", "avsender": "social_partners"}, 0),
    # Each chosen register row is looked up once, by the form.
    ({"virkemiddel": "ekspertbistand", "type": "experience", "kilde": "arbeidsgruppen-2022"}, 2),
    ({"side": "2"}, 0),
]


def client_for(role):
    client = Client()
    if role == "member":
        user = User.objects.create_user("medlem-fasetter")
        user.groups.add(Group.objects.get(name="Koordineringsgruppen"))
        client.force_login(user)
    elif role == "secretariat":
        client.force_login(secretariat())
    return client


@pytest.mark.parametrize("role", QUERIES)
def test_the_statement_list_costs_a_fixed_number_of_queries(role, draft, django_assert_num_queries):
    client = client_for(role)
    for params, lookups in SHAPES:
        with django_assert_num_queries(QUERIES[role] + lookups):
            assert client.get(URL, params).status_code == 200

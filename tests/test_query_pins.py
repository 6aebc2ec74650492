"""The number of queries of every page of the portal, per role: absolute pins.

A newcomer finds here what each page costs. A pin that changes means a page
now runs another query; a per-row query (a prefetch removed, a related row read
in a template) adds one per row and breaks the pin at the real content. These
pages are pinned in their own modules: /funn/ (test_facets, test_statement_list),
/kunnskapsstatus/ (test_evidence), /sammenlign/ (test_compare), /endringer/,
its feed and /konto/ (test_whatchanged).

Each logged-in request adds the session and the user (2) and, for a member or
the secretariat, their permissions (2); every HTML page has one query for the
footer's «Sist oppdatert». The pins are for a page rendered afresh: the test
settings turn the page cache off (tests/test_page_cache.py tests it). The
growth of each page with the content is in tests/test_page_growth.py.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "secretariat"]

# page: (url, {role: queries}). A logged-in user adds the session and the user
# (2) and, where the page asks about a permission, the user's and the groups'
# permissions (2); a member and the secretariat also read the internal notes
# on a measure's and a follow-up item's page (1).
PINS = {
    # period, goals, indicators; glance: measures, budget sums, evidence
    # status (counts, first pending: the next evaluation); due evaluations +
    # measures + evaluators, their counts; summary + measures; footer
    "overview": (reverse("findings:overview"), {"visitor": 14, "member": 18, "secretariat": 18}),
    # filter choices (organisations, periods) and their counts (one per filter,
    # two for the evidence status), measures, budget lines, the first pending
    # evaluation of each (the evidence counts are the filter's), footer
    "measures": (reverse("findings:measures"), {"visitor": 13, "member": 17, "secretariat": 17}),
    "measures-filtered": (
        reverse("findings:measures") + "?organisasjon=arbeidstilsynet&evaluering=delivered",
        {"visitor": 14, "member": 18, "secretariat": 18},
    ),
    # measure + responsibilities, children + theirs, descriptions, budget
    # sums, budget lines listed, evaluations + measures + evaluators,
    # statements + measures, evidence status, later versions (periods), footer
    "measure": (
        reverse("findings:measure", args=["bransjeprogrammer"]),
        {"visitor": 16, "member": 21, "secretariat": 21},
    ),
    # no sub-measures: their responsibilities are not asked for
    "measure-small": (
        reverse("findings:measure", args=["skil"]),
        {"visitor": 15, "member": 20, "secretariat": 20},
    ),
    # count, page + measures + evaluators, the filters' choices (one query
    # each, sub-measures with their parents) and their counts (one per select), footer
    "evaluations": (
        reverse("findings:evaluations"),
        {"visitor": 12, "member": 16, "secretariat": 16},
    ),
    "evaluations-due": (
        reverse("findings:evaluations") + "?status=ventes&ar=2023",
        {"visitor": 12, "member": 16, "secretariat": 16},
    ),
    "evaluations-page": (
        reverse("findings:evaluations") + "?status=ventes&side=1",
        {"visitor": 12, "member": 16, "secretariat": 16},
    ),
    # measures, budget sums, count and page of the lines listed, the period
    # filter's choices and the budget lines per period, footer
    "budget": (reverse("measures:budget"), {"visitor": 7, "member": 11, "secretariat": 11}),
    "budget-page": (
        reverse("measures:budget") + "?side=1",
        {"visitor": 7, "member": 11, "secretariat": 11},
    ),
    "sources": (reverse("findings:sources"), {"visitor": 4, "member": 8, "secretariat": 8}),
    "source-working-group": (
        reverse("findings:source", args=["arbeidsgruppen-2022"]),
        {"visitor": 7, "member": 11, "secretariat": 11},
    ),
    "source-oxford": (
        reverse("findings:source", args=["oxford-research-2022"]),
        {"visitor": 7, "member": 11, "secretariat": 11},
    ),
    "followup": (reverse("followup:items"), {"visitor": 15, "member": 19, "secretariat": 19}),
    "followup-filtered": (
        # the chosen measure looked up once, not again for each count
        reverse("followup:items") + "?virkemiddel=bransjeprogrammer&status=not_started",
        {"visitor": 16, "member": 20, "secretariat": 20},
    ),
    "followup-csv": (
        reverse("followup:items") + "?format=csv",
        {"visitor": 3, "member": 7, "secretariat": 7},
    ),
    "matrix": (reverse("followup:matrix"), {"visitor": 5, "member": 9, "secretariat": 9}),
    "followup-item": (
        reverse("followup:item", args=["ag-fou-ressurser"]),
        {"visitor": 5, "member": 10, "secretariat": 10},
    ),
    # static pages: the footer only; no permission is asked for
    "accessibility": (reverse("accessibility"), {"visitor": 1, "member": 3, "secretariat": 3}),
    "privacy": (reverse("privacy"), {"visitor": 1, "member": 3, "secretariat": 3}),
}


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PINS)
def test_page_runs_its_pinned_number_of_queries(page, role, django_assert_num_queries, request):
    url, queries = PINS[page]
    client = request.getfixturevalue(f"{role}_client")
    with django_assert_num_queries(queries[role]):
        fetch(client, url)


# The login form: the footer's date only; a logged-in user is sent on after
# the session and the user (2).
LOGIN_QUERIES = {"visitor": 1, "member": 2, "secretariat": 2}


@pytest.mark.parametrize("role", ROLES)
def test_the_login_page_runs_its_pinned_number_of_queries(role, django_assert_num_queries, request):
    client = request.getfixturevalue(f"{role}_client")
    with django_assert_num_queries(LOGIN_QUERIES[role]):
        response = client.get(reverse("login"))
    assert response.status_code == (200 if role == "visitor" else 302)

"""Every count a list page shows equals the true count, whatever the filters.

A filter across a to-many relation (a statement's measures, a measure's
organisations or evaluations) must not repeat rows, and no count may grow with
it. Each expected number is computed here in Python from the rows themselves,
not with the queries the pages use.
"""

import re
from collections import Counter

import pytest
from django.urls import reverse

from core.models import Publication
from findings.filters import StatementFilter
from findings.models import Evaluation, Statement
from measures.models import Measure, Organisation

pytestmark = pytest.mark.django_db

PUBLISHED = Publication.PUBLISHED  # what a visitor sees


def statements_a_visitor_sees():
    """Each statement a visitor sees, with what the filters look at."""
    return [
        {
            "virkemiddel": {m.key for m in s.measures.all()},
            "innsatsomrade": {m.focus_area for m in s.measures.all()},
            "type": {s.kind},
            "avsender": {s.voice},
            "organisasjon": {s.voice_organisation.key} if s.voice_organisation_id else set(),
            "mottaker": {s.addressee},
            "kilde": {s.source.key},
            "periode": {s.period.key},
        }
        for s in Statement.objects.select_related(
            "source", "voice_organisation", "period"
        ).prefetch_related("measures")
        if s.publication == PUBLISHED
    ]


def true_statement_counts():
    """Published statements per measure key."""
    counts = Counter()
    for statement in statements_a_visitor_sees():
        counts.update(statement["virkemiddel"])
    return counts


def glance_counts(html):
    """(measure key, statement count) for each row of a measures-at-a-glance table."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.DOTALL)
    return [
        (
            re.search(r'href="/virkemidler/([^/]+)/"', row)[1],
            int(re.findall(r">(\d+)</td>", row)[-1]),
        )
        for row in rows
        if 'href="/virkemidler/' in row
    ]


def test_the_overview_counts_each_statement_once(client):
    html = client.get(reverse("findings:overview")).content.decode()
    counts = true_statement_counts()
    shown = glance_counts(html)
    assert len(shown) == Measure.objects.count()
    assert shown == [(key, counts[key]) for key, _ in shown]


def measure_filter_cases():
    organisations = Organisation.objects.filter(responsibilities__isnull=False).distinct()
    cases = [{"organisasjon": key} for key in organisations.values_list("key", flat=True)]
    cases += [{"evaluering": status} for status in Evaluation.Status.values]
    cases += [
        {"organisasjon": "arbeidstilsynet", "evaluering": "delivered"},
        {"organisasjon": "nav", "evaluering": "planned", "innsatsomrade": "sick_leave"},
    ]
    return cases


def wanted(params, name, values):
    """The row passes filter `name`: it is not set, or one of the row's `values` matches."""
    return name not in params or params[name] in values


def measures_matching(params):
    """Measure keys a visitor's filter should select, from the rows themselves."""
    measures = Measure.objects.prefetch_related("responsibilities__organisation", "evaluations")
    return {
        measure.key
        for measure in measures
        if wanted(
            params, "organisasjon", {r.organisation.key for r in measure.responsibilities.all()}
        )
        and wanted(
            params,
            "evaluering",
            {e.status for e in measure.evaluations.all() if e.publication == PUBLISHED},
        )
        and wanted(params, "innsatsomrade", {measure.focus_area})
    }


@pytest.mark.slow  # a walk over every filter of the measure list
def test_every_measure_filter_shows_each_measure_once_with_its_true_count(client):
    counts = true_statement_counts()
    wrong = []
    for params in measure_filter_cases():
        response = client.get(reverse("findings:measures"), params)
        assert response.status_code == 200, params
        shown = glance_counts(response.content.decode())
        keys = [key for key, _ in shown]
        if sorted(keys) != sorted(measures_matching(params)):
            wrong.append(f"{params}: rows {keys}")
        wrong += [
            f"{params}: {key} shows {count} statements, has {counts[key]}"
            for key, count in shown
            if count != counts[key]
        ]
    assert not wrong, "\n".join(wrong)


def test_arbeidsmiljosatsingen_filtered_by_arbeidstilsynet_shows_its_real_count(client):
    """The case the bug report names: two roles of one organisation doubled the count."""
    response = client.get(reverse("findings:measures"), {"organisasjon": "arbeidstilsynet"})
    shown = dict(glance_counts(response.content.decode()))
    expected = sum(
        1 for s in statements_a_visitor_sees() if "arbeidsmiljosatsingen" in s["virkemiddel"]
    )
    assert shown["arbeidsmiljosatsingen"] == expected > 0


STATEMENT_CASES = [
    {},
    {"innsatsomrade": "preventive"},
    {"virkemiddel": "bransjeprogrammer", "innsatsomrade": "preventive"},
    {"virkemiddel": "opplaering-i-arbeidsmiljoarbeid", "innsatsomrade": "sick_leave"},
    {"innsatsomrade": "knowledge", "type": "assessment"},
    {"virkemiddel": "ekspertbistand", "avsender": "working_group"},
]


def matches(statement, params):
    return all(wanted(params, name, statement[name]) for name in params)


def facet_counts(html):
    """{facet: {value: count}} from the option labels «Navn (12)» of the filter form."""
    facets = {}
    for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', html, re.DOTALL):
        options = re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>', body)
        if options:
            facets[name] = {value: int(count) for value, count in options}
    return facets


@pytest.mark.parametrize("params", STATEMENT_CASES, ids=lambda p: "&".join(p) or "alle")
def test_the_statement_list_and_its_facets_count_each_statement_once(client, params):
    statements = statements_a_visitor_sees()
    html = client.get(reverse("findings:statements"), params).content.decode()
    shown_total = int(re.search(r"<strong>(\d+)</strong> utsagn", html)[1])
    assert shown_total == sum(1 for s in statements if matches(s, params))
    facets = facet_counts(html)
    assert set(facets) <= set(StatementFilter.FACETS)
    wrong = []
    for name in StatementFilter.FACETS:
        others = {k: v for k, v in params.items() if k != name}
        values = set().union(*(s[name] for s in statements)) - {""}
        for value in values:
            expected = sum(1 for s in statements if matches(s, others | {name: value}))
            # An option with no hits is left out, unless it is the one chosen.
            shown = facets.get(name, {}).get(value, 0 if params.get(name) != value else None)
            if shown != expected:
                wrong.append(f"{name}={value} shows {shown}, true count {expected}")
    assert not wrong, "\n".join(wrong)


EVALUATION_CASES = [
    {"virkemiddel": "bransjeprogrammer"},
    {"evaluator": "stami"},
    {"virkemiddel": "bransjeprogrammer", "evaluator": "stami"},
    {"virkemiddel": "opplaering-i-arbeidsmiljoarbeid", "evaluator": "nav"},
    {"virkemiddel": "bransjeprogrammer", "status": "delivered"},
]


@pytest.mark.parametrize("params", EVALUATION_CASES, ids=lambda p: "&".join(p))
def test_the_evaluation_list_shows_each_evaluation_once(client, params):
    expected = [
        e.title
        for e in Evaluation.objects.prefetch_related("measures", "evaluators")
        if e.publication == PUBLISHED
        and wanted(params, "virkemiddel", {m.key for m in e.measures.all()})
        and wanted(params, "evaluator", {o.key for o in e.evaluators.all()})
        and wanted(params, "status", {e.status})
    ]
    response = client.get(reverse("findings:evaluations"), params)
    shown = [e.title for e in response.context["evaluations"]]
    assert sorted(shown) == sorted(expected)
    assert f"{len(expected)} evalueringer." in response.content.decode()

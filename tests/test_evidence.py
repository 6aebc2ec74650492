"""Evidence status per measure, derived from its evaluations: the rule, the
content, the gap map /kunnskapsstatus/, the filter on /virkemidler/, drafts and
query counts."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from findings.evidence import EvidenceStatus, evidence_by_measure, evidence_of
from findings.models import Evaluation
from measures.models import Measure, SourceDocument

MAP = reverse("findings:evidence")
MEASURES = reverse("findings:measures")
ROLES = ["anonymous", "member", "secretariat"]

Kind = Evaluation.Evidence
Status = Evaluation.Status


def report(evidence, status, due=None, title="Rapport"):
    """An evaluation in memory: the rule needs no database."""
    precision = "day" if due else ""
    return Evaluation(
        title=title, evidence=evidence, status=status, due=due, due_precision=precision
    )


# The rule, one test per step ---------------------------------------------------


def test_a_delivered_effect_evaluation_makes_effect_evaluated():
    evidence = evidence_of(
        [report(Kind.RESULTS, Status.DELIVERED), report(Kind.EFFECT, Status.DELIVERED)]
    )
    assert evidence.status == EvidenceStatus.EFFECT_EVALUATED
    assert evidence.label == "Effekt evaluert"


def test_delivered_results_without_effect_are_results_only_even_with_more_to_come():
    coming = report(Kind.EFFECT, Status.ONGOING, due=datetime.date(2023, 7, 1))
    evidence = evidence_of([report(Kind.RESULTS, Status.DELIVERED), coming])
    assert evidence.status == EvidenceStatus.RESULTS_ONLY
    # The next due date is still there for the compare view.
    assert evidence.next_evaluation is coming


def test_nothing_delivered_but_planned_or_ongoing_is_pending_with_the_first_due_date():
    undated = report(Kind.RESULTS, Status.PLANNED, title="A")
    later = report(Kind.EFFECT, Status.ONGOING, due=datetime.date(2023, 3, 1), title="B")
    first = report(Kind.RESULTS, Status.ONGOING, due=datetime.date(2022, 8, 1), title="C")
    evidence = evidence_of([undated, later, first])
    assert evidence.status == EvidenceStatus.PENDING
    assert evidence.next_evaluation is first
    assert evidence.pending == [first, later, undated]


def test_a_passed_due_date_is_marked_and_an_undated_one_is_not():
    passed = evidence_of([report(Kind.RESULTS, Status.ONGOING, due=datetime.date(2000, 1, 1))])
    assert passed.next_is_overdue
    future = datetime.date.today() + datetime.timedelta(days=400)
    coming = evidence_of([report(Kind.RESULTS, Status.ONGOING, due=future)])
    assert not coming.next_is_overdue
    assert not evidence_of([report(Kind.RESULTS, Status.PLANNED)]).next_is_overdue


def test_a_pending_evaluation_without_a_date_is_still_pending():
    evidence = evidence_of([report(Kind.RESULTS, Status.PLANNED)])
    assert evidence.status == EvidenceStatus.PENDING
    assert evidence.next_evaluation.due is None


def test_no_evaluation_is_none_planned():
    evidence = evidence_of([])
    assert evidence.status == EvidenceStatus.NONE_PLANNED
    assert evidence.next_evaluation is None


@pytest.mark.parametrize("status", [Status.DELIVERED, Status.ONGOING, Status.PLANNED])
def test_other_knowledge_never_counts_as_an_evaluation(status):
    evidence = evidence_of([report(Kind.OTHER, status)])
    assert evidence.status == EvidenceStatus.NONE_PLANNED
    assert len(evidence.other) == 1
    assert evidence.next_evaluation is None


# The content ---------------------------------------------------------------------


def status_of(key, user=None):
    measure = Measure.objects.get(key=key)
    return evidence_by_measure([measure.pk], user or AnonymousUser())[measure.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key, expected",
    [
        ("skil", EvidenceStatus.EFFECT_EVALUATED),  # SKIL's final report, delivered
        ("bransjeprogrammer", EvidenceStatus.RESULTS_ONLY),  # Deloitte's status report
        ("ekspertbistand", EvidenceStatus.PENDING),  # Proba's final report, 7 July 2022
        ("organisering-av-avtalen", EvidenceStatus.NONE_PLANNED),  # only a status report
    ],
)
def test_the_sources_give_these_statuses(key, expected):
    assert status_of(key).status == expected


@pytest.mark.django_db
def test_the_next_evaluation_of_a_pending_measure_is_its_first_due():
    evidence = status_of("ekspertbistand")
    assert evidence.next_evaluation.key == "ekspertbistand-evaluering-proba-sluttrapport"
    assert evidence.next_evaluation.due_display == "7. juli 2022"


# Pages ---------------------------------------------------------------------------


def client_for(role, cast):
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


@pytest.fixture
def draft_effect(db):
    """A draft, delivered effect evaluation of a measure the sources leave
    without any evaluation."""
    evaluation = Evaluation.objects.create(
        key="utkast-effekt",
        title="Utkast: effektevaluering zqxv",
        kind=Evaluation.Kind.EVALUATION,
        evidence=Kind.EFFECT,
        status=Status.DELIVERED,
        source=SourceDocument.objects.first(),
        source_text="x",
    )
    evaluation.measures.add(Measure.objects.get(key="regionale-ia-rad"))
    return evaluation


def row_of(html, name):
    """The gap map's row for a measure, from its name to the end of the row."""
    start = html.index(f">{name}</a>")
    return html[start : html.index("</tr>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_gap_map_shows_every_measure_and_explains_the_rule(role, cast):
    html = client_for(role, cast).get(MAP).content.decode()
    assert "Slik settes kunnskapsstatus" in html
    for measure in Measure.objects.all():
        assert f">{measure.name}</a>" in html
    assert "Effekt evaluert" in row_of(html, "SKIL - Kurs i sykmeldingsarbeid for fastleger")
    pending = row_of(html, "Tilskudd til ekspertbistand")
    assert "Evaluering ventes" in pending and "første ventet 7. juli 2022" in pending


@pytest.mark.django_db
def test_the_gap_map_groups_sub_measures_under_their_parent(client):
    html = client.get(MAP).content.decode()
    parent = html.index(">Bransjeprogrammer</a>")
    child = html.index(">Sykehus</a>")
    assert parent < child
    assert "(del av Bransjeprogrammer)" in html[child : child + 200]
    # One row group per top-level measure.
    assert html.count("<tbody") == Measure.objects.filter(parent=None).count()


@pytest.mark.django_db
def test_drafts_count_only_for_the_secretariat(cast, draft_effect):
    visitor = Client().get(MAP).content.decode()
    secretariat = client_for("secretariat", cast).get(MAP).content.decode()
    assert "Ingen planlagt" in row_of(visitor, "Regionale IA-råd")
    assert "Effekt evaluert" in row_of(secretariat, "Regionale IA-råd")
    member = client_for("member", cast).get(MEASURES, {"evidens": "effekt"}).content.decode()
    assert "Regionale IA-råd" not in member


# Queries per page for a visitor; a logged-in user adds the session, the user and
# the permissions (4). Each page has one query for the footer's «Sist oppdatert».
MAP_QUERIES = 4  # measures, evidence counts, first pending per measure, footer
ROLE_QUERIES = {"anonymous": 0, "member": 4, "secretariat": 4}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_gap_map_costs_a_fixed_number_of_queries(
    role, cast, draft_effect, django_assert_num_queries
):
    client = client_for(role, cast)
    with django_assert_num_queries(MAP_QUERIES + ROLE_QUERIES[role]):
        assert client.get(MAP).status_code == 200


# The filter on /virkemidler/ and the measure page ------------------------------


# Each measure's status, worked out by hand from its evaluations in fixtures/ by
# the rule in findings/evidence.py (a sub-measure has the evaluations linked to it).
MEASURES_BY_STATUS = {
    EvidenceStatus.EFFECT_EVALUATED: {"skil", "sykefravaersoppfolging"},
    EvidenceStatus.RESULTS_ONLY: {
        "arbeidsmiljosatsingen", "bransjeprogrammer", "bransjeprogram-barnehager",
        "bransjeprogram-bygg-og-anlegg", "bransjeprogram-leverandorindustrien",
        "bransjeprogram-naeringsmiddelindustrien", "bransjeprogram-rutebuss-og-persontrafikk",
        "bransjeprogram-sykehjem", "bransjeprogram-sykehus", "ia-fou-programmet",
        "inkludering-som-mal", "kompetansetiltak-for-sykmeldte",
    },
    EvidenceStatus.PENDING: {
        "ekspertbistand", "helseiarbeid", "nav-arbeidslivssenter",
        "opplaering-i-arbeidsmiljoarbeid",
    },
    EvidenceStatus.NONE_PLANNED: {
        "forebyggings-og-tilretteleggingstilskuddet", "ia-fou-og-statistikkforum",
        "ia-samarbeidsavtale", "organisering-av-avtalen", "regionale-ia-rad", "statistikkforum",
        "tatt-ut", "utvidet-egenmeldingsperiode",
    },
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(EvidenceStatus))
def test_the_measure_list_filters_by_evidence_status(client, status):
    response = client.get(MEASURES, {"evidens": status.value})
    assert response.status_code == 200
    shown = {row.measure.key for row in response.context["glance"]}
    assert shown == MEASURES_BY_STATUS[status]
    assert all(row.evidence.status == status for row in response.context["glance"])


@pytest.mark.django_db
def test_every_status_has_measures_in_the_content():
    everything = evidence_by_measure(
        list(Measure.objects.values_list("pk", flat=True)), AnonymousUser()
    )
    assert {evidence.status for evidence in everything.values()} == set(EvidenceStatus)


@pytest.mark.django_db
def test_an_unknown_evidence_status_is_a_400_with_a_message(client):
    response = client.get(MEASURES, {"evidens": "kanskje"})
    assert response.status_code == 400
    assert "Kunnskapsstatus" in response.content.decode()


@pytest.mark.django_db
def test_the_measure_list_shows_the_status_and_compare_boxes(client):
    html = client.get(MEASURES).content.decode()
    assert '<th scope="col" role="columnheader">Kunnskapsstatus</th>' in html
    assert 'name="m" value="skil" id="sammenlign-skil" form="sammenlign"' in html
    assert f'<form id="sammenlign" method="get" action="{reverse("followup:compare")}"' in html


@pytest.mark.django_db
def test_the_measure_page_shows_its_evidence_status(client):
    html = client.get(reverse("findings:measure", args=["skil"])).content.decode()
    assert "Kunnskapsstatus: Effekt evaluert" in html
    html = client.get(reverse("findings:measure", args=["ekspertbistand"])).content.decode()
    assert "Evaluering ventes" in html and "ventet 7. juli 2022" in html


# /virkemidler/: the filters' choices and a count per filter, the evidence
# counts (read once, for the evidence filter, its count and the glance table),
# the glance table.
LIST_QUERIES = 13


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_measure_list_costs_a_fixed_number_of_queries(
    role, cast, draft_effect, django_assert_num_queries
):
    client = client_for(role, cast)
    with django_assert_num_queries(LIST_QUERIES + ROLE_QUERIES[role]):
        assert client.get(MEASURES).status_code == 200
    with django_assert_num_queries(LIST_QUERIES + ROLE_QUERIES[role]):
        assert client.get(MEASURES, {"evidens": "ventes"}).status_code == 200


# The database's counts follow the rule ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "secretariat"])
def test_the_counts_made_in_the_database_give_what_the_rule_gives(role, request):
    """`evidence_by_measure` counts in SQL so that pages never load every
    evaluation; for every measure it must agree with `evidence_of` over the
    measure's evaluations, drafts included for the secretariat."""
    user = request.getfixturevalue(role)
    draft = Evaluation.objects.get(key="ekspertbistand-evaluering-proba-sluttrapport")
    draft.pk, draft.key, draft.publication = None, "utkast-effekt", "draft"
    draft.evidence, draft.status = Kind.EFFECT, Status.DELIVERED
    draft.save()
    draft.measures.add(Measure.objects.get(key="ekspertbistand"))
    measures = list(Measure.objects.all())
    counted = evidence_by_measure([m.pk for m in measures], user)
    for measure in measures:
        rule = evidence_of(measure.evaluations.visible_to(user))
        found = counted[measure.pk]
        assert found.status == rule.status, measure.key
        lengths = (len(rule.effect), len(rule.results), len(rule.pending), len(rule.other))
        assert (found.effect, found.results, found.pending, found.other) == lengths
        assert found.next_evaluation == rule.next_evaluation, measure.key
    expected = "effekt" if role == "secretariat" else "ventes"
    assert counted[Measure.objects.get(key="ekspertbistand").pk].status == expected


# «Neste ventede evaluering» is the evidence's first pending evaluation --------


@pytest.mark.django_db
def test_the_measure_list_names_a_pending_evaluation_without_a_date_as_next(client):
    """HelseIArbeid's evaluation is expected, but the source gives no date: the
    list said «–» (no evaluation expected) while /sammenlign/ named it."""
    pending = Evaluation.objects.filter(measures__key="helseiarbeid").pending()
    assert [evaluation.due for evaluation in pending] == [None, None]
    pending = pending.order_by("title").first()  # undated ones by title, as evidence_of sorts
    rows = {row.measure.key: row for row in client.get(MEASURES).context["glance"]}
    assert rows["helseiarbeid"].next_evaluation == pending
    html = client.get(MEASURES).content.decode()
    cell = html.split('id="sammenlign-helseiarbeid"')[1].split("</tr>")[0]
    assert "dato ikke oppgitt" in cell

    compared = client.get(reverse("followup:compare"), {"m": ["helseiarbeid", "skil"]})
    assert pending.title in compared.content.decode()

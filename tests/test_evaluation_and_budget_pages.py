import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.urls import reverse

from findings.models import Evaluation
from findings.views import evaluations as evaluations_view
from measures.models import BudgetLine

pytestmark = pytest.mark.django_db
NB = "\xa0"
URL = reverse("findings:evaluations")


def test_evaluations_are_sorted_by_date_with_precision(client):
    response = client.get(URL)
    evaluations = response.context["evaluations"]
    dated = [e.due for e in evaluations if e.due]
    assert dated == sorted(dated)
    html = response.content.decode()
    assert "første kvartal 2023" in html
    assert "Levert 1. mai 2019" in html


def test_evaluations_due_in_2023(client):
    response = client.get(URL, {"ar": 2023})
    assert 'type="number" inputmode="numeric" name="ar" id="id_ar"' in response.content.decode()
    evaluations = response.context["evaluations"]
    assert evaluations
    assert all(
        (e.due and e.due.year == 2023) or (e.delivered_on and e.delivered_on.year == 2023)
        for e in evaluations
    )


def test_evaluations_filter_by_status_and_evaluator(client):
    response = client.get(URL, {"status": "delivered", "evaluator": "deloitte"})
    evaluations = response.context["evaluations"]
    assert evaluations
    for evaluation in evaluations:
        assert evaluation.status == "delivered"
        assert "deloitte" in {o.key for o in evaluation.evaluators.all()}


# Not delivered, with a due date whose period ended in 2023 or earlier (fixtures/).
OVERDUE_IN_THE_SOURCES = {
    "arbeidsmiljosatsingen-sluttrapport-agenda-kaupang",
    "opplaering-fou-sintef-arbeidsmiljointervensjoner",
    "opplaering-fou-sintef-psykososialt-arbeidsmiljo",
    "bransjeprogram-evaluering-deloitte-midtveis",
    "bransjeprogram-stami-sluttrapport",
    "bransjeprogram-evaluering-deloitte-sluttrapport",
    "nav-arbeidslivssenter-evaluering-partssamarbeid",
    "nav-arbeidslivssenter-evaluering-digitale-tjenester",
    "nav-arbeidslivssenter-kartlegging-leveranser-underveisrapport",
    "nav-arbeidslivssenter-kartlegging-leveranser-endelig-rapport",
    "kompetansetiltak-evaluering-oslo-economics",
    "ekspertbistand-evaluering-proba-sluttrapport",
    "sykefravaersoppfolging-evaluering-vest-viken",
    "sykefravaersoppfolging-folgeevaluering-sunnfjord",
}


def test_overdue_evaluations_are_flagged(client):
    """An evaluation is overdue when the whole period of its due date has ended:
    one due «this year» is not yet, one due a day that has passed is."""
    today = datetime.date.today()
    this_year = Evaluation.objects.get(key="ekspertbistand-kartlegging-forsok")
    this_year.due, this_year.due_precision = datetime.date(today.year, 1, 1), "year"
    this_year.save()
    response = client.get(URL)
    flagged = {e.key for e in response.context["evaluations"] if e.overdue}
    assert flagged == OVERDUE_IN_THE_SOURCES
    html = response.content.decode()
    assert html.count("Fristen er passert</span>") == len(OVERDUE_IN_THE_SOURCES)


@pytest.mark.parametrize(
    "params", [{"ar": "tjuetjuetre"}, {"ar": "99999"}, {"status": "ferdig"}, {"evaluator": "x"}]
)
def test_evaluations_refuse_bad_filters(client, params):
    assert client.get(URL, params).status_code == 400


def test_the_real_evaluations_fit_on_one_page(client):
    assert evaluations_view.PAGE_SIZE == 50  # as the README says
    response = client.get(URL)
    assert response.context["page"].paginator.num_pages == 1
    assert len(response.context["evaluations"]) == Evaluation.objects.count()
    assert "Sidenavigering" not in response.content.decode()


def test_evaluations_are_paginated_with_the_filter_sort_and_count_kept(client, monkeypatch):
    monkeypatch.setattr(evaluations_view, "PAGE_SIZE", 4)
    pending = Evaluation.objects.exclude(status="delivered")
    response = client.get(URL, {"status": "ventes", "side": 2})
    html = response.content.decode()
    pages = -(-pending.count() // 4)
    assert len(response.context["evaluations"]) == 4
    assert all(e.status != "delivered" for e in response.context["evaluations"])
    caption = html[html.index("<caption>") : html.index("</caption>")]
    assert f"{pending.count()} evalueringer etter dato" in caption
    assert f"side 2 av {pages}" in caption
    assert f"{pending.count()} evalueringer. Viser 5–8, side 2 av {pages}." in html
    # The page links keep the filter; the first page and the next are there.
    assert 'href="?status=ventes&amp;side=1"' in html
    assert 'href="?status=ventes&amp;side=3"' in html
    # Page 2 continues page 1 in date order.
    first = client.get(URL, {"status": "ventes"}).context["evaluations"]
    both = [*first, *response.context["evaluations"]]
    assert len({e.pk for e in both}) == 8
    dated = [e.delivered_on or e.due for e in both if e.delivered_on or e.due]
    assert dated == sorted(dated)


@pytest.mark.parametrize("side, status", [("0", 400), ("to", 400), ("999", 404)])
def test_a_page_that_does_not_exist_is_refused(client, side, status):
    response = client.get(URL, {"side": side})
    assert response.status_code == status
    if status == 400:
        assert "Side" in response.content.decode()


def test_a_bad_value_keeps_the_other_filters_and_their_results(client):
    response = client.get(URL, {"ar": "tjuetjuetre", "status": "delivered"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Noe i adressen kan ikke brukes" in html
    assert 'id="id_ar" min="2000" max="2100" value="tjuetjuetre" aria-invalid="true"' in html
    assert '<option value="delivered" selected>' in html
    delivered = Evaluation.objects.filter(status="delivered", publication="published")
    assert len(response.context["evaluations"]) == delivered.count() > 0


def test_empty_parameters_redirect_to_the_clean_address(client):
    response = client.get(URL, {"status": "", "evaluator": "deloitte", "ar": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?evaluator=deloitte"


# A logged-in role adds its session, user and permissions (4); the chosen
# measure is looked up once (tests/test_query_pins.py has the page unfiltered).
EVALUATION_QUERIES = {"visitor": 13, "member": 17, "secretariat": 17}


@pytest.mark.parametrize("role", EVALUATION_QUERIES)
def test_the_evaluations_use_a_fixed_number_of_queries_per_role(
    role, client, django_assert_num_queries
):
    group = {"member": "Koordineringsgruppen", "secretariat": "Sekretariat"}.get(role)
    if group:
        user = User.objects.create_user(f"{role}-evalueringer", is_staff=role == "secretariat")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
    with django_assert_num_queries(EVALUATION_QUERIES[role]):
        response = client.get(URL, {"virkemiddel": "bransjeprogrammer"})
    assert len(response.context["evaluations"]) > 0


def test_budget_page_shows_frames_spending_and_totals(client):
    response = client.get(reverse("measures:budget"))
    html = response.content.decode()
    assert f"71,6{NB}mill.{NB}kr" in html  # bransjeprogrammene: til gode ved utgangen av 2021
    assert f"80{NB}mill.{NB}kr" in html
    assert "<tfoot" in html
    rows = response.context["overview"].yearly
    ekspert_2021 = next(r for r in rows if r.measure.key == "ekspertbistand" and r.period == "2021")
    assert round(ekspert_2021.use_ratio * 100) == 18


def test_the_budget_page_lists_every_real_line_on_one_page(client):
    from measures import views
    from measures.models import BudgetLine

    assert views.PAGE_SIZE == 100  # as the README says
    response = client.get(reverse("measures:budget"))
    assert response.context["page"].paginator.num_pages == 1
    html = response.content.decode()
    assert html.count("<q>") >= BudgetLine.objects.count()
    assert "Sidenavigering" not in html


@pytest.mark.parametrize("side, status", [("0", 400), ("en", 400), ("999", 404)])
def test_the_budget_page_refuses_a_page_that_does_not_exist(client, side, status):
    response = client.get(reverse("measures:budget"), {"side": side})
    assert response.status_code == status
    if status == 400:
        assert "Side:" in response.content.decode()


def test_budget_chart_has_the_same_numbers_as_the_table(client):
    html = client.get(reverse("measures:budget")).content.decode()
    chart = html[html.index('class="bar-chart"') :]
    chart = chart[: chart.index("</figure>")]
    table = html[html.index("<table") : html.index("</table>")]
    table_text = " ".join(re.sub(r"<[^>]+>", "", table).replace("&nbsp;", " ").split())

    amounts = re.findall(r'class="bar-chart__value">([^<]+)<', chart)
    assert len(amounts) > 10
    for amount in amounts:
        value = " ".join(amount.split()).replace(" mill. kr", "")
        assert f"{value} mill. kr" in table_text.replace(NB, " ")


def test_a_total_the_source_gives_is_shown_as_the_sources_not_added_again(client):
    from measures.models import BudgetLine

    response = client.get(reverse("measures:budget"))
    total = BudgetLine.objects.get(is_sum=True)
    # The table's rows sum the lines in the database: the total's row is its
    # measure's and period's.
    row = next(
        r
        for r in response.context["overview"].removed
        if r.measure.pk == total.measure_id and r.years == (total.year_from, total.year_to)
    )
    assert row.sums_up_others
    assert "samlet, slik kilden oppgir det" in response.content.decode()
    for period_sum in response.context["overview"].sums:
        assert period_sum.totals.get("frame", 0) < total.amount


def test_a_bad_budget_filter_says_so_and_still_shows_the_budget(client):
    response = client.get(reverse("measures:budget"), {"periode": "tull"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg et gyldig valg" in html
    assert response.context["overview"].yearly  # the tables, for every period
    assert '<details class="filter-panel" open>' in html


def test_the_budget_period_filter_counts_its_lines_and_cleans_the_address(client):
    url = reverse("measures:budget")
    [select] = client.get(url).context["state"].selects
    [option] = select.entries
    published = BudgetLine.objects.visible_to(AnonymousUser()).count()
    assert (option.value, option.count) == ("ia-avtalen-2019-2022", published)
    response = client.get(url, {"periode": "", "side": ""})
    assert (response.status_code, response["Location"]) == (302, url)


def evaluation_options(response):
    return {
        select.name: {o.value: o.count for e in select.entries for o in getattr(e, "options", [e])}
        for select in response.context["state"].selects
    }


@pytest.mark.slow  # a request per option
def test_each_evaluation_filter_option_counts_the_evaluations_it_gives(client):
    chosen = {"ar": "2022"}
    checked = 0
    for name, options in evaluation_options(client.get(URL, chosen)).items():
        for value, count in options.items():
            params = chosen | {name: value}
            assert client.get(URL, params).context["page"].paginator.count == count, params
            checked += 1
    assert checked >= 10


def test_the_evaluation_counts_leave_out_drafts_and_sum_the_pending(client):
    Evaluation.objects.filter(key="ekspertbistand-kartlegging-forsok").update(publication="draft")
    published = Evaluation.objects.filter(publication="published")
    status = evaluation_options(client.get(URL))["status"]
    assert status["planned"] == published.filter(status="planned").count()
    assert status["ventes"] == status["planned"] + status.get("ongoing", 0)
    assert status["ventes"] == published.exclude(status="delivered").count() > 0

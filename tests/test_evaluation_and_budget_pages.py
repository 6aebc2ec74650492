import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from findings.models import Evaluation

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


def test_overdue_evaluations_are_flagged(client):
    response = client.get(URL)
    today = datetime.date.today()
    overdue = [e for e in response.context["evaluations"] if e.overdue]
    expected = [e for e in Evaluation.objects.all() if e.is_overdue(today)]
    assert len(overdue) == len(expected) > 0
    assert "Fristen er passert" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"ar": "tjuetjuetre"}, {"ar": "99999"}, {"status": "ferdig"}, {"evaluator": "x"}]
)
def test_evaluations_refuse_bad_filters(client, params):
    assert client.get(URL, params).status_code == 400


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


# A logged-in role adds its session, user and permissions (4).
EVALUATION_QUERIES = {"visitor": 7, "member": 11, "secretariat": 11}


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
    rows = response.context["rows"]
    ekspert_2021 = next(r for r in rows if r.measure.key == "ekspertbistand" and r.period == "2021")
    assert round(ekspert_2021.use_ratio * 100) == 18


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
    row = next(r for r in response.context["overview"].removed if total in r.lines)
    assert row.sums_up_others
    assert "samlet, slik kilden oppgir det" in response.content.decode()
    for period_sum in response.context["overview"].sums:
        assert period_sum.totals.get("frame", 0) < total.amount

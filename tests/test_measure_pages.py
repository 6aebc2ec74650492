"""The overview, the measure list and a measure's own page."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from findings import selectors
from findings.models import Evaluation, LeadIn, Statement
from measures.models import Measure, Organisation

pytestmark = pytest.mark.django_db
NB = "\xa0"


def test_overview_shows_goals_figures_measures_and_summary(client):
    html = client.get(reverse("findings:overview")).content.decode()
    assert "Redusert sykefravær" in html
    assert f"5,8{NB}%" in html  # justert sykefravær 2021
    assert "18. desember 2018" in html
    for measure in Measure.objects.all():
        assert measure.get_absolute_url() in html
    summary = Statement.objects.filter(is_summary=True)
    assert summary.count() >= 10
    for statement in summary:
        assert f'id="utsagn-{statement.key}"' in html


def test_overview_shows_ekspertbistand_use_ratio(client):
    response = client.get(reverse("findings:overview"))
    row = next(g for g in response.context["glance"] if g.measure.key == "ekspertbistand")
    # "om lag 18 prosent av bevilget beløp"
    assert str(row.budget_use) == "18\xa0% av rammen brukt (2021)"


def test_measure_list_filters_by_focus_area(client):
    response = client.get(reverse("findings:measures"), {"innsatsomrade": "knowledge"})
    keys = {row.measure.key for row in response.context["glance"]}
    assert keys == set(Measure.objects.filter(focus_area="knowledge").values_list("key", flat=True))
    assert "ia-fou-programmet" in keys


def test_measure_list_filters_by_responsible_organisation(client):
    response = client.get(reverse("findings:measures"), {"organisasjon": "spekter"})
    keys = {row.measure.key for row in response.context["glance"]}
    assert "bransjeprogram-sykehus" in keys
    assert "ekspertbistand" not in keys


def test_measure_list_filters_by_evaluation_status(client):
    """The measures with a planned evaluation in fixtures/, but not one whose only
    planned evaluation is a draft."""
    Evaluation.objects.filter(key="ekspertbistand-kartlegging-forsok").update(publication="draft")
    response = client.get(reverse("findings:measures"), {"evaluering": "planned"})
    keys = {row.measure.key for row in response.context["glance"]}
    assert keys == {"nav-arbeidslivssenter", "ia-fou-programmet", "helseiarbeid"}


@pytest.mark.parametrize(
    "params", [{"status": "tull"}, {"organisasjon": "finnes-ikke"}, {"innsatsomrade": "\x00"}]
)
def test_measure_list_refuses_bad_filters_with_a_400(client, params):
    response = client.get(reverse("findings:measures"), params)
    assert response.status_code == 400
    assert "Velg et gyldig valg" in response.content.decode()
    assert len(response.context["glance"]) == Measure.objects.count()  # nothing else chosen


def test_a_bad_filter_value_leaves_the_others_applied(client):
    url = reverse("findings:measures")
    response = client.get(url, {"status": "tull", "innsatsomrade": "organisation"})
    assert response.status_code == 400
    alone = client.get(url, {"innsatsomrade": "organisation"}).context["glance"]
    keys = [row.measure.key for row in response.context["glance"]]
    assert keys == [row.measure.key for row in alone]
    assert 0 < len(keys) < Measure.objects.count()
    assert '<details class="filter-panel" open>' in response.content.decode()


def options_of(select):
    for entry in select.entries:
        yield from getattr(entry, "options", [entry])


def selects_of(response):
    return {select.name: select for select in response.context["state"].selects}


@pytest.mark.slow  # a request per option
def test_each_option_of_the_measure_filters_counts_the_measures_it_gives(client):
    """With another filter chosen, each option says how many rows choosing it shows."""
    url = reverse("findings:measures")
    chosen = {"innsatsomrade": "preventive"}
    checked = 0
    for name, select in selects_of(client.get(url, chosen)).items():
        for option in options_of(select):
            params = chosen | {name: option.value}
            assert len(client.get(url, params).context["glance"]) == option.count, params
            checked += 1
    assert checked >= 15


def test_the_measure_filters_count_what_the_user_may_see_and_hide_empty_options(client):
    Evaluation.objects.filter(key="ekspertbistand-kartlegging-forsok").update(publication="draft")
    url = reverse("findings:measures")
    planned = {o.value: o for o in options_of(selects_of(client.get(url))["evaluering"])}
    assert planned["planned"].count == 3  # not ekspertbistand: its planned one is a draft

    response = client.get(url, {"innsatsomrade": "knowledge", "organisasjon": "spekter"})
    organisations = {o.value: o.count for o in options_of(selects_of(response)["organisasjon"])}
    assert organisations.pop("spekter") == 0  # chosen, so shown, though nothing matches
    with_knowledge = Measure.objects.filter(focus_area="knowledge").values("organisations__key")
    assert set(organisations) == set(with_knowledge.values_list("organisations__key", flat=True))
    assert 0 < len(organisations) < Organisation.objects.count() - 1
    focus = {o.value: o.count for o in options_of(selects_of(response)["innsatsomrade"])}
    assert focus == {"knowledge": 0, "preventive": spekter_programmes()}
    assert f"Forebyggende arbeidsmiljøarbeid ({spekter_programmes()})" in response.content.decode()


def spekter_programmes():
    return Measure.objects.filter(organisations__key="spekter", focus_area="preventive").count()


def test_empty_measure_filters_redirect_to_the_clean_address(client):
    params = {"status": "", "innsatsomrade": "knowledge"}
    response = client.get(reverse("findings:measures"), params)
    assert response.status_code == 302
    assert response["Location"] == reverse("findings:measures") + "?innsatsomrade=knowledge"


def test_bransjeprogrammer_lists_its_seven_programmes_with_their_leads(client):
    html = client.get(reverse("findings:measure", args=["bransjeprogrammer"])).content.decode()
    for child in Measure.objects.filter(parent__key="bransjeprogrammer"):
        assert child.get_absolute_url() in html
    assert "Sykehus</a> – ledet av Spekter" in html
    assert "Barnehager</a> – ledet av KS" in html


def test_the_organisations_are_named_once_with_their_short_name(client):
    html = client.get("/virkemidler/ekspertbistand/").content.decode()
    assert "<li>Arbeids- og velferdsdirektoratet (NAV): forvalter</li>" in html
    assert "(NAV) (NAV)" not in html
    stami = client.get("/virkemidler/arbeidsmiljosatsingen/").content.decode()
    assert "Statens arbeidsmiljøinstitutt (STAMI)" in stami


def test_measure_page_puts_agencies_and_partners_side_by_side(client):
    response = client.get(reverse("findings:measure", args=["ekspertbistand"]))
    groups = response.context["groups"]
    assert groups.agencies and groups.social_partners and groups.assessments
    assert all(
        s.voice == "social_partners" for unit in groups.social_partners for s in unit.statements
    )
    assert all(s.voice == "agencies" for unit in groups.agencies for s in unit.statements)
    html = response.content.decode()
    assert html.index("Etatene og myndighetene") < html.index("Partene i arbeidslivet")
    assert 'class="side-by-side"' in html


def test_measure_page_shows_budget_with_norwegian_amounts_and_ratio(client):
    html = client.get(reverse("findings:measure", args=["ekspertbistand"])).content.decode()
    assert f"50{NB}mill.{NB}kr" in html
    assert f"18{NB}%" in html
    assert "ved utgangen av april 2022" in html


def test_measure_page_shows_evaluations_at_their_precision(client):
    html = client.get(reverse("findings:measure", args=["ekspertbistand"])).content.decode()
    assert "Ventet 7. juli 2022" in html
    html = client.get(reverse("findings:measure", args=["bransjeprogrammer"])).content.decode()
    assert "siste halvdel av 2023" in html
    assert "medio 2022" in html


def test_measure_page_cites_its_sources(client):
    response = client.get(reverse("findings:measure", args=["nav-arbeidslivssenter"]))
    citations = response.context["citations"]
    documents = {document for document, *_ in citations}
    assert documents == {"Arbeidsgruppens oppsummering (2022)", "Oxford Research (2022)"}


def test_measure_page_has_a_print_stylesheet(client):
    html = client.get(reverse("findings:measure", args=["skil"])).content.decode()
    assert 'media="print"' in html


def test_unknown_measure_is_a_404_in_norwegian(client):
    response = client.get(reverse("findings:measure", args=["finnes-ikke"]))
    assert response.status_code == 404


def test_footnote_markers_are_raised_and_the_footnote_shown(client):
    html = client.get(reverse("findings:measure", args=["kompetansetiltak-for-sykmeldte"])).content
    html = html.decode()
    assert 'Oslo Economics<sup class="footnote-ref">2</sup>' in html
    assert "Fotnote 2: Oslo Economics, 2021, s.24." in html
    html = client.get(reverse("findings:measure", args=["ekspertbistand"])).content.decode()
    assert 'eksperter. <sup class="footnote-ref">3</sup>' in html


def test_a_lead_in_and_its_bullets_read_as_one_piece(client):
    lead_in = LeadIn.objects.get(key="nals-erfaring-nav-innledning")
    measure = lead_in.bullets.first().measures.order_by("position").first()
    bullets = list(lead_in.bullets.filter(measures=measure))
    html = client.get(measure.get_absolute_url()).content.decode()
    unit = html[html.index(f'id="innledning-{lead_in.key}"') :]
    unit = unit[: unit.index("</article>")]
    assert lead_in.text in unit
    for bullet in bullets:
        assert f'<li id="utsagn-{bullet.key}">' in unit
    assert unit.count("Kilde:") == 1


# Bounded lists: a measure page never grows with the statements and evaluations.


@pytest.mark.slow  # a walk over every measure page
def test_every_measure_page_shows_all_of_its_real_statements_and_evaluations(client):
    """The bounds leave the real content whole: nothing is cut on any measure."""
    fullest = {"section": 0, "evaluations": 0, "budget lines": 0}
    for measure in Measure.objects.all():
        response = client.get(measure.get_absolute_url())
        html = response.content.decode()
        statements = Statement.objects.filter(measures=measure, publication="published")
        evaluations = measure.evaluations.filter(publication="published")
        assert all(f'id="utsagn-{s.key}"' in html for s in statements), measure.key
        assert len(response.context["evaluations"]) == evaluations.count(), measure.key
        lines = measure.budget_lines.filter(publication="published")
        assert len(response.context["budget_lines"]) == lines.count(), measure.key
        assert "Viser " not in html, measure.key
        fullest["section"] = max(
            [fullest["section"]] + [more.total for more in response.context["more"].values()]
        )
        fullest["evaluations"] = max(fullest["evaluations"], evaluations.count())
        fullest["budget lines"] = max(fullest["budget lines"], lines.count())
    # The README's numbers: the bounds, and the fullest of the real content.
    assert fullest == {"section": 34, "evaluations": 12, "budget lines": 14}
    bounds = selectors.STATEMENTS_PER_SECTION, selectors.EVALUATIONS_PER_PAGE
    assert (*bounds, selectors.BUDGET_LINES_PER_PAGE) == (40, 20, 30)


def test_a_cut_section_says_so_and_links_to_all_of_it_in_funn(client, monkeypatch):
    monkeypatch.setattr(selectors, "STATEMENTS_PER_SECTION", 2)
    monkeypatch.setattr(selectors, "EVALUATIONS_PER_PAGE", 2)
    response = client.get(reverse("findings:measure", args=["bransjeprogrammer"]))
    html = response.content.decode()
    groups = response.context["groups"]
    for name in ("agencies", "social_partners", "assessments"):
        assert sum(len(unit.statements) for unit in getattr(groups, name)) == 2
    more = response.context["more"]
    # Each «se alle» link lists exactly the section's statements in Funn.
    for name in ("agencies", "social_partners", "assessments", "external"):
        section = more[name]
        assert section.is_cut and section.shown == 2
        assert f"Viser 2 av {section.total} – " in html
        assert f'href="{escape(section.url)}">se alle {section.total} i Funn' in html
        funn = client.get(section.url)
        assert funn.context["page"].paginator.count == section.total, name
    assert not more["other_experiences"].is_cut
    evaluations = response.context["more_evaluations"]
    assert (evaluations.shown, evaluations.total) == (2, 11)
    assert "se alle 11 i Evalueringer" in html
    listed = client.get(evaluations.url).context["page"].paginator.count
    assert listed == 11


def test_a_secretariat_sees_a_draft_in_a_cut_section(secretariat_client, monkeypatch):
    monkeypatch.setattr(selectors, "STATEMENTS_PER_SECTION", 1)
    first = (
        Statement.objects.filter(measures__key="ekspertbistand", voice="social_partners")
        .order_by("source_id", "line", "position")
        .first()
    )
    first.publication = "draft"
    first.save()
    url = reverse("findings:measure", args=["ekspertbistand"])
    assert f'id="utsagn-{first.key}"' in secretariat_client.get(url).content.decode()
    visitor = Client().get(url)  # `client` is the one secretariat_client logs in
    assert f'id="utsagn-{first.key}"' not in visitor.content.decode()
    published = Statement.objects.filter(
        measures__key="ekspertbistand", voice="social_partners", publication="published"
    )
    assert visitor.context["more"]["social_partners"].total == published.count()

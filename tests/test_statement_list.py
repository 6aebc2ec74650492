"""/funn/: filters with counts, search, sorting, pagination, CSV and bad input."""

import csv
import io
import re

import pytest
from django.urls import reverse

from findings.models import Statement

URL = reverse("findings:statements")
pytestmark = pytest.mark.django_db


def result_count(response):
    return int(re.search(r"<strong>(\d+)</strong> utsagn", response.content.decode()).group(1))


def facet_options(response, name):
    """{value: count} for one facet's select, its option groups included."""
    select = next(s for s in response.context["state"].selects if s.name == name)
    options = []
    for entry in select.entries:
        options += getattr(entry, "options", [entry])
    return {option.value: option.count for option in options}


def test_a_search_without_matches_says_so(client):
    response = client.get(URL, {"q": "kvantefysikk"})
    assert result_count(response) == 0
    assert "Ingen utsagn passer" in response.content.decode()


def test_it_lists_every_statement_without_filters(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert result_count(response) == Statement.objects.count()


def test_a_filter_narrows_the_list_and_the_facet_count_agrees(client):
    everything = client.get(URL)
    expected = facet_options(everything, "avsender")["social_partners"]
    response = client.get(URL, {"avsender": "social_partners"})
    assert result_count(response) == expected
    assert expected == Statement.objects.filter(voice="social_partners").count()
    assert 0 < expected < Statement.objects.count()


def test_facet_counts_follow_the_other_filters(client):
    response = client.get(URL, {"virkemiddel": "ekspertbistand"})
    counts = facet_options(response, "avsender")
    ekspertbistand = Statement.objects.filter(measures__key="ekspertbistand")
    assert counts["social_partners"] == ekspertbistand.filter(voice="social_partners").count()
    assert sum(facet_options(response, "type").values()) == result_count(response)


def test_what_the_partners_said_about_ekspertbistand(client):
    response = client.get(URL, {"virkemiddel": "ekspertbistand", "avsender": "social_partners"})
    html = response.content.decode()
    assert result_count(response) >= 5
    assert "Partene i arbeidslivet" in html
    for statement in response.context["page"].object_list:
        assert statement.voice == "social_partners"


def test_recommendations_can_be_filtered_by_addressee(client):
    response = client.get(URL, {"type": "recommendation", "mottaker": "nav"})
    statements = response.context["page"].object_list
    assert statements
    assert all(s.addressee == "nav" and s.kind == "recommendation" for s in statements)


def test_focus_area_filters_through_the_measures(client):
    response = client.get(URL, {"innsatsomrade": "knowledge"})
    for statement in response.context["page"].object_list:
        assert any(m.focus_area == "knowledge" for m in statement.measures.all())


def test_search_finds_a_phrase_from_the_sources_and_marks_it(client):
    response = client.get(URL, {"q": '"bærebjelken i IA-samarbeidet"'})
    html = response.content.decode()
    assert result_count(response) >= 1
    assert "<mark>" in html


def test_search_finds_both_spellings_of_sykmeldt(client):
    with_e = result_count(client.get(URL, {"q": "sykemeldte"}))
    without_e = result_count(client.get(URL, {"q": "sykmeldte"}))
    assert with_e == without_e > 0
    texts = [
        s.text.lower() for s in client.get(URL, {"q": "sykmeldte"}).context["page"].object_list
    ]
    assert any("sykemeld" in t for t in texts) or any("sykmeld" in t for t in texts)


def test_search_reaches_inside_compound_words(client):
    response = client.get(URL, {"q": "fravær"})
    texts = " ".join(s.text.lower() for s in response.context["page"].object_list)
    assert "sykefravær" in texts


def test_search_folds_norwegian_letters(client):
    lower = client.get(URL, {"q": "økt"})
    upper = client.get(URL, {"q": "ØKT"})
    assert result_count(lower) == result_count(upper) > 0
    # The sources write "Økt" at the start of a sentence; a lower-case query finds it.
    assert any("Økt" in s.text for s in lower.context["page"].object_list)


def test_search_can_exclude_a_word(client):
    both = client.get(URL, {"q": "ekspertbistand"})
    without = client.get(URL, {"q": "ekspertbistand -NAV"})
    assert 0 < result_count(without) < result_count(both)
    for statement in without.context["page"].object_list:
        assert "nav" not in statement.text.lower()


def test_search_escapes_html_in_the_query(client):
    response = client.get(URL, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_box_is_on_every_page_and_submits_here(client):
    html = client.get(reverse("findings:overview")).content.decode()
    assert f'action="{URL}"' in html


def test_sorting_by_type_groups_kinds(client):
    kinds = [s.kind for s in client.get(URL, {"sorter": "type"}).context["page"].object_list]
    assert kinds == sorted(kinds)


def test_pages_are_links_that_keep_the_filters(client):
    response = client.get(URL, {"type": "experience", "side": 2})
    html = response.content.decode()
    assert response.context["page"].number == 2
    assert "type=experience&amp;side=1" in html


def test_a_page_past_the_end_is_not_found(client):
    assert client.get(URL, {"side": 999}).status_code == 404


def test_csv_exports_exactly_the_filtered_set_on_all_pages(client):
    params = {"type": "experience", "format": "csv"}
    response = client.get(URL, params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["Innledning", "Tekst"]
    expected = Statement.objects.filter(kind="experience")
    assert len(rows) - 1 == expected.count() > 25
    assert {row[1] for row in rows[1:]} == set(expected.values_list("text", flat=True))
    lead_ins = {row[1]: row[0] for row in rows[1:]}
    bullet = expected.exclude(lead_in=None).select_related("lead_in").first()
    assert lead_ins[bullet.text] == bullet.lead_in.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "tull"}, "Velg et gyldig valg"),
        ({"virkemiddel": "finnes-ikke"}, "Velg et gyldig valg"),
        ({"side": "to"}, "Sidetallet må være et helt tall"),
        ({"side": "0"}, "større enn eller lik 1"),
        ({"q": "sykefravær\x00"}, "ugyldige tegn"),
        ({"q": "a" * 10_000}, "høyst 200 tegn"),
        ({"format": "pdf"}, "Formatet kan bare være csv"),
        ({"sorter": "pris"}, "Velg et gyldig valg"),
    ],
)
def test_bad_input_gets_a_norwegian_message_and_a_400(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_refused_search_keeps_what_was_typed(client):
    typed = " ".join(["arbeidsmiljø"] * 20)  # over the 200-character limit
    response = client.get(URL, {"q": typed, "sorter": "type"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'name="q" id="id_q" maxlength="200" value="{typed}"' in html
    assert "høyst 200 tegn" in html


def test_the_agencies_filter_finds_every_statement_by_nav_and_the_other_agencies(client):
    response = client.get(URL, {"avsender": "agencies", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    texts = {row[1] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")}
    by_agencies = Statement.objects.filter(
        voice_organisation__kind="agency", publication="published"
    ).values_list("text", flat=True)
    nav = Statement.objects.filter(voice_organisation__key="nav").values_list("text", flat=True)
    assert len(nav) > 20
    assert set(nav) <= texts
    assert set(by_agencies) <= texts


def test_the_named_organisation_is_a_facet_of_its_own(client):
    response = client.get(URL, {"organisasjon": "nav"})
    nav = Statement.objects.filter(voice_organisation__key="nav", publication="published")
    assert result_count(response) == nav.count() > 20
    options = facet_options(response, "organisasjon")
    assert options["nav"] == nav.count()
    assert "stami" in options and "oxford-research" in options
    assert facet_options(response, "avsender")["agencies"] == nav.count()

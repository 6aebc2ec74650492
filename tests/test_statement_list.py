"""/funn/: filters with counts, search, sorting, pagination, CSV and bad input."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
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
    shown = {statement.key for statement in response.context["page"].object_list}
    # Counted in Python: the statements with a measure in the focus area.
    statements = Statement.objects.prefetch_related("measures")
    expected = {
        s.key for s in statements if any(m.focus_area == "knowledge" for m in s.measures.all())
    }
    assert len(expected) == 23  # fixtures/: IA-FoU, Statistikkforum, and the two together
    assert result_count(response) == len(expected)
    assert shown == expected  # all on the first page


def test_search_finds_a_phrase_from_the_sources_and_marks_it(client):
    response = client.get(URL, {"q": '"bærebjelken i IA-samarbeidet"'})
    html = response.content.decode()
    assert result_count(response) >= 1
    assert "<mark>" in html


def test_search_finds_both_spellings_of_sykmeldt(client):
    with_e = result_count(client.get(URL, {"q": "sykemeldte"}))
    without_e = result_count(client.get(URL, {"q": "sykmeldte"}))
    assert with_e == without_e > 0
    # Typed without the e, found where the source writes it only with the e.
    written_with_e = Statement.objects.get(key="kompetansetiltak-erfaring-partene-02")
    assert "sykemeldingsperioden" in written_with_e.text
    assert "sykmeld" not in written_with_e.text
    found = client.get(URL, {"q": "sykmeldingsperioden"}).context["page"].object_list
    assert written_with_e in found


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


@pytest.mark.parametrize("side", ["first", "last"])
def test_the_first_and_last_page_show_no_ellipsis_where_a_link_is_missing(client, side):
    """Designsystemet draws an empty list item in the pagination as «…»."""
    last = client.get(URL).context["page"].paginator.num_pages
    response = client.get(URL, {"side": 1 if side == "first" else last})
    nav = re.search(r'<nav class="ds-pagination".*?</nav>', response.content.decode(), re.S)
    assert re.findall(r"<li>\s*</li>", nav.group()) == []
    assert ("Forrige" in nav.group()) == (side == "last")
    assert ("Neste" in nav.group()) == (side == "first")


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


# The page's state: one owner of the address ------------------------------------


@pytest.fixture
def cast(db):
    """The three roles that see /funn/ differently."""
    member = User.objects.create_user("medlem-funn")
    member.groups.add(Group.objects.get(name="Koordineringsgruppen"))
    secretary = User.objects.create_user("sekretar-funn", is_staff=True)
    secretary.groups.add(Group.objects.get(name="Sekretariat"))
    return {"visitor": None, "member": member, "secretariat": secretary}


def client_as(role, cast):
    client = Client()
    if cast[role] is not None:
        client.force_login(cast[role])
    return client


# Queries per role: a logged-in role adds its session, user and permissions (4).
# Then: count, statements, their measures; the facets' register (measures,
# speakers, sources, periods) and their counts (1); the selects' choices
# (measures, organisations, sources, periods); «sist oppdatert». A chosen
# measure is looked up once, when the address is validated.
QUERIES = {
    ("visitor", "plain"): 13,
    ("member", "plain"): 17,
    ("secretariat", "plain"): 17,
    ("visitor", "filtered"): 14,
    ("member", "filtered"): 18,
    ("secretariat", "filtered"): 18,
}
CASES = {"plain": {}, "filtered": {"q": "tilskudd", "virkemiddel": "ekspertbistand"}}


@pytest.mark.parametrize("role", ["visitor", "member", "secretariat"])
@pytest.mark.parametrize("case", CASES)
def test_the_page_uses_a_fixed_number_of_queries_per_role(
    role, case, cast, django_assert_num_queries
):
    client = client_as(role, cast)
    with django_assert_num_queries(QUERIES[role, case]):
        response = client.get(URL, CASES[case])
    assert response.status_code == 200
    assert result_count(response) > 0


def test_drafts_are_listed_and_counted_for_the_secretariat_only(cast):
    draft = Statement.objects.filter(kind="experience").first()
    Statement.objects.filter(pk=draft.pk).update(publication="draft")
    params = {"type": "experience"}
    for role, sees_it in [("visitor", False), ("member", False), ("secretariat", True)]:
        response = client_as(role, cast).get(URL, params | {"format": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8")
        assert (draft.text in body) is sees_it, role
        page = client_as(role, cast).get(URL, params)
        published = Statement.objects.filter(kind="experience", publication="published")
        assert result_count(page) == published.count() + sees_it, role
        assert facet_options(page, "type")["experience"] == published.count() + sees_it


def test_searching_sorts_by_relevance_unless_another_sort_is_chosen(client):
    searched = client.get(URL, {"q": "ekspertbistand"})
    assert searched.context["state"].sort == (
        "relevans" if connection.vendor == "postgresql" else "kilde"  # SQLite does not rank
    )
    assert '<option value="" selected>Standard</option>' in searched.content.decode()
    chosen = client.get(URL, {"q": "ekspertbistand", "sorter": "type"})
    assert chosen.context["state"].sort == "type"
    kinds = [s.kind for s in chosen.context["page"].object_list]
    assert kinds == sorted(kinds) and len(set(kinds)) > 1
    assert client.get(URL).context["state"].sort == "kilde"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL ranks")
def test_search_results_come_best_match_first(client):
    # With the star, «bransjeprogram» inside compounds too: ranks of every kind.
    statements = client.get(URL, {"q": "bransjeprogram*"}).context["page"].object_list
    ranks = [s.rank for s in statements]
    assert len(set(ranks)) > 1
    assert ranks == sorted(ranks, reverse=True)
    in_source_order = client.get(URL, {"q": "bransjeprogram*", "sorter": "kilde"})
    assert [s.rank for s in in_source_order.context["page"].object_list] != ranks


def test_sub_measures_are_grouped_under_their_parent():
    html = Client().get(URL).content.decode()
    group = re.search(r'<optgroup label="Bransjeprogrammer">(.*?)</optgroup>', html, re.DOTALL)
    assert group, "no group for Bransjeprogrammer"
    values = re.findall(r'<option value="([^"]+)"', group[1])
    assert values[0] == "bransjeprogrammer"
    assert "bransjeprogram-sykehus" in values
    assert "Bransjeprogrammer generelt (" in group[1]
    # Outside its group, no sub-programme appears a second time.
    assert html.count('value="bransjeprogram-sykehus"') == 1


def test_options_without_hits_are_left_out_but_a_chosen_one_stays(client):
    recommendations = client.get(URL, {"type": "recommendation"})
    senders = facet_options(recommendations, "avsender")
    assert all(count > 0 for count in senders.values())
    assert set(senders) < {value for value, _ in Statement.Voice.choices}
    # Nothing matches both; the chosen sender stays chosen and visible, with 0.
    html = client.get(URL, {"q": "kvantefysikk", "avsender": "working_group"}).content.decode()
    assert '<option value="working_group" selected>Arbeidsgruppen (0)</option>' in html
    assert 'value="social_partners"' not in html


def test_a_bad_value_keeps_the_other_filters_with_their_counts_and_results(client):
    response = client.get(URL, {"virkemiddel": "finnes-ikke", "avsender": "social_partners"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Noe i adressen kan ikke brukes" in html
    assert "Velg et gyldig valg" in html
    assert 'id="id_virkemiddel" aria-invalid="true"' in html
    partners = Statement.objects.filter(voice="social_partners", publication="published")
    assert result_count(response) == partners.count()
    assert facet_options(response, "avsender")["social_partners"] == partners.count()
    assert '<option value="social_partners" selected>' in html
    # The filters open on a phone too, so the bad field is seen, and links drop it.
    assert '<details class="filter-panel" open>' in html
    assert "finnes-ikke" not in re.search(r'href="([^"]*format=csv[^"]*)"', html)[1]


def test_a_bad_page_number_shows_the_first_page_with_a_message(client):
    response = client.get(URL, {"side": "to", "type": "experience"})
    assert response.status_code == 400
    assert response.context["page"].number == 1
    assert "Sidetallet må være et helt tall" in response.content.decode()


def test_empty_parameters_redirect_to_the_clean_address(client):
    response = client.get(URL, {"q": "", "type": "experience", "kilde": " ", "sorter": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?type=experience"
    assert client.get(URL, {"q": "", "avsender": ""})["Location"] == URL
    assert client.get(URL, {"type": "experience"}).status_code == 200


def test_links_are_built_from_the_usable_parameters(client):
    # «arbeid*»: inside compounds too, so that there are three pages.
    response = client.get(URL, {"type": "experience", "q": "arbeid*", "side": 2})
    html = response.content.decode()
    assert 'href="?type=experience&amp;q=arbeid%2A&amp;format=csv"' in html
    assert 'href="?type=experience&amp;q=arbeid%2A&amp;side=3"' in html


def test_the_filters_fold_on_a_phone_and_apply_on_change_with_a_static_script(client):
    html = client.get(URL, {"type": "experience"}).content.decode()
    assert '<details class="filter-panel">' in html  # folded until opened
    assert "Filtrer og sorter (1 valgt)</summary>" in html
    assert 'class="filters" aria-labelledby="filter-heading" data-apply-on-change>' in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/filters.js" defer>']
    script = (Path(settings.BASE_DIR) / "static/js/filters.js").read_text()
    assert "requestSubmit" in script and "disabled = true" in script


def test_many_pages_get_a_dozen_links_not_one_per_page(client, monkeypatch):
    from findings.list_state import StatementListState

    monkeypatch.setattr(StatementListState, "page_size", 2)
    response = client.get(URL, {"side": 40})
    html = response.content.decode()
    pages = response.context["page"].paginator.num_pages
    assert pages > 100
    assert html.count('aria-label="Side ') <= 12
    assert 'aria-label="Side 40"' in html and f'aria-label="Side {pages}"' in html
    assert "…" in html

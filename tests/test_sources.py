"""The source documents' pages, and every citation linking to its place there."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from findings.content import VERBATIM_FIELDS
from findings.documents import DocumentCounts, document_page, section_path
from findings.grouping import Unit
from findings.models import Evaluation, LeadIn, Statement
from measures.descriptions import with_footnotes
from measures.models import MeasureSection, SourceDocument

pytestmark = pytest.mark.django_db
OXFORD = "oxford-research-2022"
WORKING_GROUP = "arbeidsgruppen-2022"
DRAFT_TEXT = "Sekretariatets utkast zqxv til en anbefaling"
# Queries per page, whatever the content size: the document, its descriptions,
# lead-ins, statements and their measures, the rows that quote it, and the
# footer's date; a logged-in user adds session, user and two permission lookups.
DOCUMENT_QUERIES = {"visitor": 7, "secretariat": 11}
LIST_QUERIES = {"visitor": 4, "secretariat": 8}


def source_url(key):
    return reverse("findings:source", args=[key])


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def between(html, start, end):
    return html[html.index(start) : html.index(end, html.index(start))]


@pytest.fixture
def draft_recommendation(db):
    source = SourceDocument.objects.get(key=OXFORD)
    statement = Statement.objects.create(
        key="utkast-anbefaling", kind="recommendation", voice="evaluator", addressee="nav",
        voice_organisation=Statement.objects.filter(source=source, voice="evaluator")
        .first().voice_organisation,
        text=DRAFT_TEXT, source=source, section="Konklusjon og anbefalinger › Anbefalinger",
        position=99, line=132,
    )  # fmt: skip
    assert statement.is_draft
    return statement


def test_the_list_links_every_document_with_its_metadata(client):
    html = html_of(client, reverse("findings:sources"))
    for document in SourceDocument.objects.all():
        assert f'href="{document.get_absolute_url()}"' in html
        assert document.title in html
        assert document.author in html
    assert "Datert 1. september 2022" in html  # Oxford's date at its precision


def test_the_list_counts_each_kind_in_words_and_leaves_out_what_a_document_lacks():
    assert DocumentCounts().summary == "0 utsagn."
    conclusions = DocumentCounts(statements=3, conclusions=2)
    assert conclusions.summary == "3 utsagn (hvorav 2 konklusjoner)."
    one_of_each = DocumentCounts(statements=2, conclusions=1, recommendations=1, descriptions=1)
    assert one_of_each.summary == (
        "2 utsagn (hvorav 1 konklusjon og 1 anbefaling) og 1 beskrivelse av virkemidler."
    )


def test_a_summary_bullet_names_its_addressee_only_where_it_differs_from_the_first():
    lead_in = LeadIn(key="innledning")
    nav, parties = (Statement(key=k, addressee=k) for k in ("nav", "parties"))
    mixed = Unit(lead_in, [nav, Statement(key="nav-2", addressee="nav"), parties])
    assert [own for _, own in mixed.bullets] == [False, False, True]
    assert mixed.anchor == "innledning-innledning"
    alone = Unit(None, [parties])
    assert alone.bullets == [(parties, False)]
    assert alone.anchor == "utsagn-parties"


def test_a_document_page_shows_its_metadata_and_signature(client):
    document = SourceDocument.objects.get(key=OXFORD)
    html = html_of(client, source_url(OXFORD))
    facts = between(html, 'class="document__facts"', "</dl>")
    assert document.author in facts
    assert "1. september 2022" in facts
    assert document.signature in facts
    assert document.description in html
    # The signature also stands in the text, where the source has it.
    assert html.count('id="underskrift"') == 1
    undated = html_of(client, source_url(WORKING_GROUP))
    assert "Ikke oppgitt i dokumentet" in between(undated, 'class="document__facts"', "</dl>")


def test_oxford_lists_every_conclusion_and_recommendation_with_addressee_and_measures(client):
    html = html_of(client, source_url(OXFORD))
    summary = between(html, 'id="konklusjoner"', 'id="innholdsfortegnelse"')
    conclusions = between(summary, "Konklusjoner (", "Anbefalinger (")
    recommendations = summary[summary.index("Anbefalinger (") :]
    statements = Statement.objects.filter(source__key=OXFORD).prefetch_related("measures")
    expected = statements.filter(kind="conclusion")
    assert f"Konklusjoner ({expected.count()})" in summary
    for statement in expected:
        assert statement.text in conclusions
    expected = statements.filter(kind="recommendation")
    assert f"Anbefalinger ({expected.count()})" in summary
    for statement in expected:
        assert statement.text in recommendations
        item = recommendations[: recommendations.index(statement.text)]
        item = item[item.rindex('<div class="statement">') :]
        assert f"Til: {statement.get_addressee_display()}" in item
        after = recommendations[recommendations.index(statement.text) :]
        after = after[: after.index("</div>")]
        for measure in statement.measures.all():
            assert f'href="{measure.get_absolute_url()}"' in after


def test_the_full_text_holds_every_row_in_source_order(client):
    for key in (OXFORD, WORKING_GROUP):
        html = html_of(client, source_url(key))
        text = html[html.index('id="teksten"') :]
        sections = MeasureSection.objects.filter(source__key=key)
        rows = [
            *(("beskrivelse", s) for s in sections.exclude(kind="footnote")),
            *(("fotnote", s) for s in sections.filter(kind="footnote")),
            *(("innledning", li) for li in LeadIn.objects.filter(source__key=key)),
            *(("utsagn", s) for s in Statement.objects.filter(source__key=key)),
        ]  # fmt: skip
        places = []
        for prefix, row in rows:
            anchor = f'id="{prefix}-{row.key}"'
            assert text.count(anchor) == 1, anchor
            places.append((text.index(anchor), row.line))
        lines_in_page_order = [line for _, line in sorted(places)]
        assert lines_in_page_order == sorted(lines_in_page_order)


def test_rows_that_share_a_line_keep_the_order_they_have_on_it(client):
    """Line 2823: «Innretningen … er stort sett god.» ends a paragraph, then «KG bør
    likevel vurdere noen mulige justeringer:» introduces a list."""
    html = html_of(client, source_url(WORKING_GROUP))
    sentence = html.index('id="utsagn-ia-fou-programmet-vurdering-02"')
    lead_in = html.index('id="innledning-ia-fou-programmet-vurdering-justeringer-innledning"')
    assert sentence < lead_in


def test_every_citation_on_the_portal_lands_on_an_anchor_of_its_line(client):
    pages = {key: html_of(client, source_url(key)) for key in (OXFORD, WORKING_GROUP)}
    for model in VERBATIM_FIELDS:
        for row in model.objects.select_related("source").exclude(line=None):
            url, fragment = row.source_url.split("#")
            assert fragment == f"linje-{row.line}"
            assert url == source_url(row.source.key)
            assert pages[row.source.key].count(f'id="{fragment}"') == 1, (model, row.key)


def test_no_id_is_used_twice_on_a_document_page(client):
    for key in (OXFORD, WORKING_GROUP):
        ids = re.findall(r'\sid="([^"]+)"', html_of(client, source_url(key)))
        assert len(ids) == len(set(ids))


def test_the_table_of_contents_nests_every_section_and_links_into_the_text(client):
    html = html_of(client, source_url(WORKING_GROUP))
    contents = between(html, '<nav aria-labelledby="innholdsfortegnelse"', "</nav>")
    for statement in Statement.objects.filter(source__key=WORKING_GROUP):
        for part in section_path(statement.section):
            assert f">{part}</a>" in contents
    for target in re.findall(r'href="#([^"]+)"', contents):
        assert f'id="{target}"' in html, target
    # «Bransjeprogrammer › 5. Erfaringer › Etatenes …» is nested three lists deep.
    programme = contents[contents.index(">Bransjeprogrammer</a>") :]
    nested = programme[: programme.index(">Etatenes erfaringer i hovedtrekk</a>")]
    assert nested.count('<ol class="contents__list">') == 2


def test_headings_in_the_text_follow_the_section_paths(client):
    html = html_of(client, source_url(WORKING_GROUP))
    text = html[html.index('id="teksten"') :]
    assert re.search(r"<h3 [^>]*>Bransjeprogrammer</h3>", text)
    assert re.search(r"<h4 [^>]*>3\. Aktiviteter og økonomisk ramme</h4>", text)
    assert re.search(r"<h5 [^>]*>Etatenes erfaringer i hovedtrekk</h5>", text)


def test_drafts_are_on_the_document_page_only_for_the_secretariat(
    secretariat_client, draft_recommendation
):
    visitor = Client()  # `client` is the one secretariat_client logs in
    visitor_html = html_of(visitor, source_url(OXFORD))
    assert DRAFT_TEXT not in visitor_html
    published = Statement.objects.filter(publication="published").filter(
        source__key=OXFORD, kind="recommendation"
    )
    assert f"Anbefalinger ({published.count()})" in visitor_html
    assert "88 utsagn" in html_of(visitor, reverse("findings:sources"))
    html = html_of(secretariat_client, source_url(OXFORD))
    assert html.count(DRAFT_TEXT) == 2  # in the summary and in the text
    assert f"Anbefalinger ({published.count() + 1})" in html
    assert "Utkast – ikke publisert" in html


@pytest.mark.parametrize("role", ["visitor", "secretariat"])
def test_document_pages_use_a_fixed_number_of_queries(
    request, django_assert_num_queries, role, draft_recommendation
):
    client = request.getfixturevalue("client" if role == "visitor" else "secretariat_client")
    for key in (OXFORD, WORKING_GROUP):
        with django_assert_num_queries(DOCUMENT_QUERIES[role]):
            assert client.get(source_url(key)).status_code == 200
    with django_assert_num_queries(LIST_QUERIES[role]):
        assert client.get(reverse("findings:sources")).status_code == 200


def test_an_unknown_document_is_a_404(client):
    assert client.get(source_url("finnes-ikke")).status_code == 404


def test_a_document_with_only_quoted_rows_still_renders(client):
    """A document the secretariat has just added, with one evaluation citing it."""
    document = SourceDocument.objects.create(
        key="ny-rapport", title="Ny rapport", short_title="Ny (2023)", author="Noen",
        filename="ny.txt",
    )  # fmt: skip
    evaluation = Evaluation.objects.filter(publication="published").first()
    evaluation.source = document
    evaluation.save()
    page = document_page(document, AnonymousUser())
    assert page.blocks == []
    assert [entry.title for entry in page.contents] == [section_path(evaluation.section)[0]]
    assert client.get(source_url("ny-rapport")).status_code == 200


def test_a_citation_links_to_its_line_and_shows_section_page_and_line(client):
    statement = Statement.objects.exclude(page=None).exclude(measures=None).first()
    measure = statement.measures.order_by("position").first()
    html = html_of(client, measure.get_absolute_url())
    citation = (
        f'Kilde: <a class="ds-link" href="{source_url(statement.source.key)}#linje-'
        f'{statement.line}">{statement.source.short_title}</a>, {statement.section}, '
        f"s. {statement.page}, linje {statement.line}"
    )
    assert citation in html
    unpaged = Statement.objects.filter(page=None, lead_in=None).exclude(measures=None).first()
    html = html_of(client, unpaged.measures.first().get_absolute_url())
    assert f"{unpaged.section}, linje {unpaged.line}</span>" in html


def test_the_measure_page_lists_its_sources_as_links(client):
    html = html_of(client, reverse("findings:measure", args=["ekspertbistand"]))
    sources = between(html, 'id="kilder"', "</section>")
    assert f'href="{source_url(WORKING_GROUP)}#linje-' in sources
    assert f'href="{source_url(OXFORD)}#linje-' in sources


def test_a_footnote_shows_under_the_description_it_explains(client):
    html = html_of(client, reverse("findings:measure", args=["bransjeprogrammer"]))
    described = between(html, 'id="beskrivelse"', "</section>")
    assert described.count(">3. Aktiviteter og økonomisk ramme</h3>") == 1
    activities = between(described, ">3. Aktiviteter og økonomisk ramme</h3>", "Kilde:")
    assert "Fotnote 1: De resterende 10 mill. kroner" in activities
    html = html_of(client, reverse("findings:measure", args=["ekspertbistand"]))
    development = between(html, ">3 Utviklingstiltak i avtaleperioden</h3>", "Kilde:")
    assert "Fotnote 3: Jf. forskrift om endring" in development


def test_every_footnote_is_attached_to_the_description_with_its_marker():
    footnotes = MeasureSection.objects.filter(kind="footnote")
    assert footnotes.count() == 3
    for footnote in footnotes:
        sections = MeasureSection.objects.filter(measure=footnote.measure)
        owner = next(d for d in with_footnotes(sections) if footnote in d.footnotes)
        assert owner.section.footnote_marker.strip("[]") == footnote.footnote_number


def test_the_site_navigation_leads_to_the_sources(client):
    html = html_of(client, reverse("findings:overview"))
    assert f'href="{reverse("findings:sources")}"' in between(html, 'class="site-nav"', "</nav>")
    html = html_of(client, source_url(OXFORD))
    assert 'aria-current="page">Kilder</a>' in between(html, 'class="site-nav"', "</nav>")

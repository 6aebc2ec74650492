"""The content: complete, verbatim and traceable."""

import re

import pytest
from django.db.models import Count

from findings.content import VERBATIM_FIELDS, provenance_problems
from findings.models import Statement
from findings.provenance import PAGE_NUMBER, occurs_in_source, raw_lines, squeeze
from measures.models import Measure, SourceDocument

# Statements, budget lines, evaluations and descriptions per measure. A change
# here must be a deliberate change to the content, never a silent loss.
EXPECTED_PER_MEASURE = {
    "organisering-av-avtalen": (35, 0, 0, 3),
    "tatt-ut": (5, 1, 0, 2),
    "ia-samarbeidsavtale": (4, 0, 0, 1),
    "regionale-ia-rad": (5, 1, 0, 1),
    "utvidet-egenmeldingsperiode": (0, 0, 0, 1),
    "forebyggings-og-tilretteleggingstilskuddet": (3, 1, 0, 1),
    "inkludering-som-mal": (4, 0, 0, 2),
    "arbeidsmiljosatsingen": (21, 14, 3, 4),
    "bransjeprogrammer": (27, 11, 10, 5),
    "bransjeprogram-sykehus": (1, 0, 8, 0),
    "bransjeprogram-sykehjem": (1, 0, 8, 0),
    "bransjeprogram-barnehager": (0, 0, 8, 0),
    "bransjeprogram-leverandorindustrien": (0, 0, 8, 0),
    "bransjeprogram-naeringsmiddelindustrien": (0, 0, 8, 0),
    "bransjeprogram-rutebuss-og-persontrafikk": (1, 0, 8, 0),
    "bransjeprogram-bygg-og-anlegg": (0, 0, 8, 0),
    "opplaering-i-arbeidsmiljoarbeid": (18, 0, 4, 3),
    "nav-arbeidslivssenter": (36, 1, 5, 3),
    "helseiarbeid": (10, 0, 2, 1),
    "kompetansetiltak-for-sykmeldte": (16, 2, 3, 4),
    "ekspertbistand": (19, 6, 5, 6),
    "skil": (2, 1, 1, 1),
    "ia-fou-og-statistikkforum": (1, 1, 0, 3),
    "ia-fou-programmet": (23, 1, 6, 3),
    "statistikkforum": (3, 3, 1, 2),
    "sykefravaersoppfolging": (21, 0, 4, 4),
}


@pytest.mark.django_db
def test_every_text_stands_verbatim_in_the_source_it_cites():
    assert provenance_problems() == []


@pytest.mark.django_db
def test_the_provenance_check_catches_a_paraphrase():
    statement = Statement.objects.order_by("pk").first()
    statement.text = statement.text.replace("og", "samt", 1) + " (omskrevet)"
    statement.save()
    problems = [str(p) for p in provenance_problems()]
    assert any(statement.key in problem for problem in problems)


def test_the_check_tolerates_only_hyphenation_and_whitespace():
    source = "000_1842d860d4cf3c9f.txt"
    assert occurs_in_source("Trepartssamarbeidet er bærebjelken i IA-samarbeidet.", source)
    assert occurs_in_source("Trepartssamarbeidet  er\nbærebjelken i IA-\nsamarbeidet.", source)
    assert not occurs_in_source("Trepartssamarbeidet er grunnmuren i IA-samarbeidet.", source)
    assert not occurs_in_source("", source)


@pytest.mark.django_db
def test_content_per_measure_is_complete():
    counts = {
        m.key: (m.s, m.b, m.e, m.d)
        for m in Measure.objects.annotate(
            s=Count("statements", distinct=True),
            b=Count("budget_lines", distinct=True),
            e=Count("evaluations", distinct=True),
            d=Count("sections", distinct=True),
        )
    }
    assert counts == EXPECTED_PER_MEASURE


@pytest.mark.django_db
def test_both_sources_are_represented():
    per_source = dict(Statement.objects.values_list("source__key").annotate(n=Count("pk")))
    assert per_source["arbeidsgruppen-2022"] > 150
    assert per_source["oxford-research-2022"] > 60
    kinds = set(Statement.objects.values_list("kind", flat=True))
    assert kinds == set(Statement.Kind.values)


@pytest.mark.django_db
def test_texts_have_repaired_line_breaks():
    for model, fields in VERBATIM_FIELDS.items():
        for row in model.objects.all():
            for field in fields:
                value = getattr(row, field)
                assert "-\n" not in value, row.key
                assert "  " not in value, row.key
                assert value == value.strip(), row.key


@pytest.mark.django_db
def test_recommendations_name_their_addressee_and_external_voices_their_organisation():
    assert not Statement.objects.filter(kind="recommendation", addressee="").exists()
    assert not Statement.objects.filter(
        voice__in=["organisation", "evaluator"], voice_organisation__isnull=True
    ).exists()


@pytest.mark.django_db
def test_every_page_number_is_one_the_source_prints():
    printed = {9, 10, 11, 12, 24, 25}  # lone page numbers 9, 11, 24 and the pages after them
    for model in VERBATIM_FIELDS:
        pages = set(model.objects.exclude(page=None).values_list("page", flat=True))
        assert pages <= printed, model


# Link targets the PDF extraction put inline; the regulations among them are
# stored as the measures' Lovdata links.
LINK_TARGETS_NOT_STORED = {
    "https://www.nav.no/no/nav-og-samfunn/kontakt-nav/oversikt-over-satser/"
    "tilskuddssatser-arbeidsgiver-tiltaksarrangor",
}
LIST_NUMBER = re.compile(r"^\s*\d+\.?\s+")  # "1. " in lists, "2 " before a footnote


@pytest.mark.django_db
def test_every_line_of_the_sources_is_in_the_content():
    """Complete: each line of running text stands in some row, each heading in a
    section path, each regulation link on its measure."""
    regulations = set(Measure.objects.values_list("regulation_url", flat=True))
    for document in SourceDocument.objects.all():
        texts, headings = [], set()
        for model, fields in VERBATIM_FIELDS.items():
            for row in model.objects.filter(source=document):
                texts += [squeeze(getattr(row, field)) for field in fields]
                headings |= {squeeze(part) for part in row.section.split(" › ")}
                headings.add(squeeze(getattr(row, "heading", "")))
        everything = "\n".join(texts)
        missing = []
        for number, line in enumerate(raw_lines(document.filename), start=1):
            words = squeeze(LIST_NUMBER.sub("", line.replace("•", ""))).rstrip(":")
            if not words or words in everything or line.strip() in regulations:
                continue
            if line.strip() in LINK_TARGETS_NOT_STORED or PAGE_NUMBER.match(line):
                continue
            if not any(words in heading for heading in headings):
                missing.append(f"{document.filename}:{number}: {line.strip()}")
        assert not missing, "\n".join(missing)

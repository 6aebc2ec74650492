"""Search finds what it found before the stored vectors, on the real content.

Each expected set is computed here by a straightforward reference query: on
PostgreSQL the full text of each statement vectorised on the fly (as before
migration 0006), on SQLite a substring of the case-folded text (as before).
What changed on PostgreSQL: a word's substring inside compounds is no longer
OR-ed into every query; `word*` asks for it, and finds exactly what `word`
found before.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from findings import search
from findings.filters import StatementFilter
from findings.models import Statement

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"
URL = reverse("findings:statements")

COMMON = "sykefravær"
RARE = "pandemien"
PHRASE = '"bærebjelken i IA-samarbeidet"'
EXCLUSION = "ekspertbistand -NAV"
QUERIES = [COMMON, RARE, PHRASE, EXCLUSION, "evalueringen", "arbeidsmiljø", "sykmeldte"]


def found(q, params=None, user=None):
    queryset = Statement.objects.visible_to(user or AnonymousUser())
    filterset = StatementFilter({"q": q, **(params or {})}, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def published():
    return Statement.objects.filter(publication="published")


def full_text_reference(q):
    """The text vectorised per row and the query with both spellings, as before."""
    forms = search.variants(q)
    query = " || ".join(["websearch_to_tsquery('norwegian', %s)"] * len(forms))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM findings_statement WHERE publication = 'published' "
            f"AND to_tsvector('norwegian', text) @@ ({query})",
            forms,
        )
        return {row[0] for row in cursor.fetchall()}


def substring_reference(q):
    """Every word (any spelling) inside the case-folded text, no excluded word in it."""
    words, excluded = [], []
    for token in q.replace('"', " ").split() if not q.startswith('"') else [q.strip('"')]:
        (excluded if token.startswith("-") else words).append(token.lstrip("-"))

    def contains(text, word):
        return any(form.casefold() in text.casefold() for form in search.variants(word))

    return {
        s.pk
        for s in published()
        if all(contains(s.text, w) for w in words)
        and not any(contains(s.text, w) for w in excluded)
    }


def old_postgres_reference(q):
    """Before 0006 PostgreSQL matched full text OR every word as a substring."""
    substring = substring_reference(q.split(" -")[0])
    excluded = [w.lstrip("-") for w in q.split() if w.startswith("-")]
    anywhere = (full_text_reference(q) | substring) - {
        s.pk for s in published() if any(w.casefold() in s.text.casefold() for w in excluded)
    }
    return anywhere


@pytest.mark.parametrize("q", QUERIES)
def test_a_search_finds_what_it_found_before(q):
    expected = full_text_reference(q) if POSTGRES else substring_reference(q)
    assert found(q) == expected
    assert expected, "a query that finds nothing proves nothing"


@pytest.mark.skipif(not POSTGRES, reason="SQLite always matched substrings")
@pytest.mark.parametrize("q", [COMMON, RARE, "fravær", "arbeidsmiljø"])
def test_a_star_finds_what_the_word_found_with_the_substring_before(q):
    assert found(q + "*") == old_postgres_reference(q)


@pytest.mark.skipif(not POSTGRES, reason="SQLite always matched substrings")
def test_compounds_are_found_only_when_asked_for():
    whole_words = found("fravær")
    with_compounds = found("fravær*")
    assert whole_words < with_compounds
    texts = Statement.objects.filter(pk__in=with_compounds - whole_words).values_list("text")
    assert all("fravær" in text.lower() for (text,) in texts)


@pytest.mark.skipif(POSTGRES, reason="PostgreSQL finds compounds only when asked")
def test_sqlite_always_finds_a_word_inside_compounds():
    assert found("fravær") == found("fravær*") == containing("fravær")
    assert containing("sykefraværet")
    assert containing("sykefraværet") <= found("fravær")


@pytest.mark.parametrize(
    "q, params, field, value",
    [
        (COMMON, {"avsender": "social_partners"}, "voice", "social_partners"),
        ("arbeidsmiljø", {"type": "recommendation"}, "kind", "recommendation"),
        (RARE, {"kilde": "arbeidsgruppen-2022"}, "source__key", "arbeidsgruppen-2022"),
    ],
)
def test_a_search_with_filters_finds_what_it_found_before(q, params, field, value):
    reference = full_text_reference(q) if POSTGRES else substring_reference(q)
    expected = published().filter(pk__in=reference, **{field: value})
    assert found(q, params) == set(expected.values_list("pk", flat=True))


@pytest.mark.parametrize("q", [COMMON, EXCLUSION])
def test_the_page_counts_the_same_results(client, q):
    html = client.get(URL, {"q": q}).content.decode()
    expected = full_text_reference(q) if POSTGRES else substring_reference(q)
    assert f"<strong>{len(expected)}</strong> utsagn" in html


def test_or_finds_either_word():
    either = found("NALS or HelseIArbeid")
    assert either == found("NALS") | found("HelseIArbeid")
    assert found("NALS") < either


def test_both_spellings_of_sykmeldt_find_the_same():
    assert found("sykmeldte") == found("sykemeldte") == found("Sykemeldte")


# Synonyms and folding (issue 8, item 7), on both databases -------------------


def containing(*phrases):
    return {s.pk for s in published() if any(p.casefold() in s.text.casefold() for p in phrases)}


def test_nals_and_nav_arbeidslivssenter_find_the_same_statements():
    nals = found("NALS")
    assert nals == found("NAV Arbeidslivssenter") == found('"NAV Arbeidslivssenter"')
    assert nals == found("arbeidslivssentrene")
    # Both names, and the sources' plural, each on its own finds less.
    assert containing("NALS ") | containing("NAV Arbeidslivssenter") <= nals
    assert containing("arbeidslivssentrene") <= nals


def test_a_synonym_keeps_the_other_words_of_the_query():
    both = found("NALS bransjeprogrammene")
    assert both < found("NALS")
    assert both <= found("bransjeprogrammene")
    said_in_full = "Innsatsen fra NAV Arbeidslivssenter inn mot bransjeprogrammene"
    assert published().get(text__startswith=said_in_full).pk in both


def test_ia_fou_finds_the_fou_programme_however_it_is_written():
    fou = found("IA-FoU")
    assert fou == found("FoU-programmet") == found("IA FoU")
    assert containing("FoU-programmet") <= fou


def test_helseiarbeid_is_found_as_helse_i_arbeid():
    assert found('"Helse i arbeid"') == found("HelseIArbeid") == containing("HelseIArbeid")


def test_every_short_name_of_a_measure_is_a_synonym_of_its_name():
    from measures.models import Measure

    for name, short_name in Measure.objects.exclude(short_name="").values_list(
        "name", "short_name"
    ):
        assert (
            search.SYNONYM_GROUPS[search._key(short_name)]
            == (search.SYNONYM_GROUPS[search._key(name)])
        ), short_name


@pytest.mark.parametrize(
    "typed, written",
    [
        ("sykefravaersoppfolging", "sykefraværsoppfølging"),
        ("arbeidsmiljo", "arbeidsmiljø"),
        ("maal", "mål"),
        ("SYKEFRAVAERSOPPFOLGING", "Sykefraværsoppfølging"),
    ],
)
def test_a_word_typed_without_norwegian_letters_finds_it_written_with_them(typed, written):
    assert found(typed) == found(written)
    assert found(typed)


def test_folding_marks_the_word_as_written(client):
    response = client.get(URL, {"q": "sykefravaersoppfolging"})
    assert "<mark>sykefraværsoppfølging</mark>" in response.content.decode().lower()


def test_a_word_written_with_norwegian_letters_does_not_fold():
    # «før» is not «for»: a query typed with the letters means them.
    assert found("bør") == (full_text_reference("bør") if POSTGRES else substring_reference("bør"))

"""PostgreSQL full-text search: the Norwegian config and its indexes."""

import pytest
from django.db import connection

from findings import search
from findings.models import Statement

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def plan(queryset):
    with connection.cursor() as cursor:
        # The table is small enough that the planner prefers a scan; ask whether
        # the indexes can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_a_search_uses_the_stored_vector_and_its_index_only():
    explained = plan(search.apply(Statement.objects.all(), "arbeidsmiljø").order_by())
    assert "statement_search_vector" in explained
    assert "to_tsvector" not in explained  # nothing vectorised per row
    assert "trgm" not in explained and "LIKE" not in explained.upper()


def test_a_star_asks_for_substrings_through_the_trigram_index():
    explained = plan(search.apply(Statement.objects.all(), "fravær*").order_by())
    assert "statement_search_vector" in explained
    assert "statement_folded_trigram" in explained


def test_the_folding_functions_of_the_database_equal_pythons():
    texts = list(Statement.objects.values_list("text", flat=True)) + ["SYKEMELDT Æ Ø Å æøå"]
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute("SELECT findings_spelling(%s), findings_folded(%s)", [text, text])
            assert cursor.fetchone() == (search.fold_spelling(text), search.fold_letters(text))


def test_the_stored_vector_follows_an_edit():
    statement = Statement.objects.first()
    statement.text = "Et ord som ingen kilde bruker: kvantefysikk."
    statement.save()
    assert list(search.apply(Statement.objects.all(), "kvantefysikk")) == [statement]


def test_results_are_ranked_best_first(client):
    """A search lists the statement that is most about the word first, even
    where the default order (by source and line) would put it last."""
    alone = Statement.objects.filter(lead_in__isnull=True, publication="published")
    first, last = alone.order_by("source__title", "line", "position")[:: alone.count() - 1]
    Statement.objects.filter(pk=first.pk).update(
        text="Et langt utsagn om mye annet: budsjett, rammer, evalueringer, partene, "
        "etatene og sykefravær, og bare til slutt om zqxord."
    )
    Statement.objects.filter(pk=last.pk).update(text="Zqxord, zqxord og atter zqxord.")
    html = client.get("/funn/", {"q": "zqxord"}).content.decode()
    positions = [html.index(f'id="utsagn-{s.key}"') for s in (last, first)]
    assert positions == sorted(positions)


def test_stemming_finds_inflected_forms():
    texts = search.apply(Statement.objects.all(), "evaluering").values_list("text", flat=True)
    assert any("evalueringen" in text.lower() for text in texts)
    assert any("evalueringer " in text.lower() for text in texts)


def test_headline_marks_matches_with_sentinels_that_are_escaped_for_display():
    statement = search.apply(Statement.objects.all(), "trepartssamarbeidet").first()
    html = search.highlight(statement, "trepartssamarbeidet")
    assert "<mark>" in html
    assert search.START not in html and search.STOP not in html

"""The CSV export streams plain values in chunks: every column still says what the
statement says, and neither the rows nor the queries depend on the chunk size.
(Rows per CPU-second and peak memory are measured in bench/export.py.)"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.models import Statement
from findings.views import statements as views

pytestmark = pytest.mark.django_db
URL = reverse("findings:statements")


def export(client, **params):
    response = client.get(URL, {"format": "csv", **params})
    assert response.status_code == 200
    pieces = list(response.streaming_content)
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode().lstrip("\ufeff")), delimiter=";"))
    return pieces, rows


def as_the_page_shows_it(statement):
    """The row, from the model instance the way the pages render it."""
    return [
        statement.lead_in.text if statement.lead_in_id else "",
        statement.text,
        statement.get_kind_display(),
        statement.voice_display,
        statement.get_addressee_display() if statement.addressee else "",
        ", ".join(measure.name for measure in statement.measures.order_by("position", "pk")),
        statement.source.title,
        statement.section,
        str(statement.page or ""),
        statement.footnote,
    ]


def test_every_column_says_what_the_statement_says(client):
    _, rows = export(client)
    expected = [as_the_page_shows_it(s) for s in Statement.objects.filter(publication="published")]
    assert sorted(rows[1:]) == sorted(expected)
    # The data exercises each way a column is filled.
    assert any(row[0] for row in rows[1:])  # a lead-in
    assert any(", " in row[5] for row in rows[1:])  # several measures
    assert any(row[4] for row in rows[1:])  # an addressee
    named = Statement.objects.exclude(voice_organisation=None).first()
    assert named.voice_display != named.get_voice_display()
    assert named.voice_display in {row[3] for row in rows[1:]}


@pytest.mark.parametrize("params", [{}, {"virkemiddel": "ekspertbistand"}, {"q": "sykmeldte"}])
def test_small_chunks_give_the_same_rows_and_the_same_queries(client, monkeypatch, params):
    with CaptureQueriesContext(connection) as whole:
        pieces, rows = export(client, **params)
    monkeypatch.setattr(views, "CSV_CHUNK_SIZE", 7)
    monkeypatch.setattr(views, "CSV_ROWS_PER_WRITE", 5)
    with CaptureQueriesContext(connection) as chunked:
        small_pieces, small_rows = export(client, **params)
    assert small_rows == rows
    assert len(rows) > 8
    assert len(small_pieces) > len(pieces)  # written as it goes, a few rows at a time
    assert len(chunked) == len(whole)


def test_the_secretariat_gets_the_drafts_marked_in_a_column_of_their_own(secretariat_client):
    draft = Statement.objects.filter(publication="published").first()
    draft.publication = "draft"
    draft.save()
    _, rows = export(secretariat_client)
    header, *data = rows
    assert header[-1] == "Publisering"
    assert header[0] == "Innledning"
    assert sorted({row[-1] for row in data}) == ["Publisert", "Utkast"]
    assert [row[-1] for row in data if row[1] == draft.text] == ["Utkast"]
    assert len(data) == Statement.objects.count()


def test_the_rows_are_read_in_chunks_from_one_query(client, monkeypatch):
    """iterator(chunk_size=…): on PostgreSQL a server-side cursor, so the export
    never holds every row; on SQLite the rows are fetched a chunk at a time."""
    monkeypatch.setattr(views, "CSV_CHUNK_SIZE", 7)
    with CaptureQueriesContext(connection) as queries:
        export(client)
    statement_queries = [q["sql"] for q in queries if "findings_statement" in q["sql"]]
    assert len(statement_queries) == 1
    if connection.vendor == "postgresql":
        assert statement_queries[0].startswith("DECLARE")

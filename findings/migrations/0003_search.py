"""PostgreSQL only: search from a stored tsvector; SQLite searches a folded copy
of the text instead (search.py). A GinIndex in Meta.indexes would break SQLite
migrations, so the column and its indexes are created here, only on PostgreSQL.

`findings_statement.search_vector` is a generated column, so every insert and
update (the admin, imports, restores, bench/grow.py's set-based copies) keeps it
in step with the text without code. It holds three parts, told apart by weight:

- A: the text, with the spelling variants the sources use side by side folded
  into one (sykemeld → sykmeld);
- B: the section headings, which only weigh in the ranking;
- C: the same text with æ, ø, å written ae, o, aa, which a query typed without
  Norwegian letters matches (sykefravaersoppfolging → sykefraværsoppfølging).

A query names the weights it matches (search.py), so a phrase never runs from
one part into the next and a heading alone never makes a statement a match.

A trigram index on the folded text serves substring search (`fravær*`), which
the user asks for; it is never OR-ed into every query. The model does not know
the column: Django would select it with every
statement, and SQLite, which searches its own way (search.py), has no tsvector.

The SQL functions must stay equal to search.fold_spelling and search.fold_letters
(tests/test_search_postgres.py compares them on the content).
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION findings_spelling(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN replace(lower(value), 'sykemeld', 'sykmeld');
CREATE OR REPLACE FUNCTION findings_folded(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN replace(replace(replace(findings_spelling(value), 'æ', 'ae'), 'ø', 'o'), 'å', 'aa');
"""
COLUMN = """
ALTER TABLE findings_statement ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('norwegian'::regconfig, findings_spelling(text)), 'A')
    || setweight(to_tsvector('norwegian'::regconfig, section), 'B')
    || setweight(to_tsvector('norwegian'::regconfig, findings_folded(text)), 'C')
) STORED;
CREATE INDEX statement_search_vector ON findings_statement USING gin (search_vector);
CREATE INDEX statement_folded_trigram ON findings_statement
    USING gin (findings_folded(text) gin_trgm_ops);
"""
BACKWARDS = """
DROP INDEX IF EXISTS statement_folded_trigram;
ALTER TABLE findings_statement DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS findings_folded(text);
DROP FUNCTION IF EXISTS findings_spelling(text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(FUNCTIONS)
        schema_editor.execute(COLUMN)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]

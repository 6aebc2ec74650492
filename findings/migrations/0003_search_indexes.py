"""PostgreSQL search indexes; SQLite searches a case-folded copy instead (search.py).

A GinIndex in Meta.indexes would break SQLite migrations, so the indexes are
created here only when the database is PostgreSQL.
"""

from django.db import migrations

FULL_TEXT = (
    "CREATE INDEX IF NOT EXISTS statement_text_search ON findings_statement "
    "USING gin (to_tsvector('norwegian'::regconfig, COALESCE(text, '')))"
)
# Serves text__icontains, which Django writes as UPPER(text::text) LIKE UPPER(...).
SUBSTRING = (
    "CREATE INDEX IF NOT EXISTS statement_text_trigram ON findings_statement "
    "USING gin ((UPPER(text::text)) gin_trgm_ops)"
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(FULL_TEXT)
    schema_editor.execute(SUBSTRING)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS statement_text_search")
    schema_editor.execute("DROP INDEX IF EXISTS statement_text_trigram")


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

"""Every table's rows, read once after the content is loaded and written back in
one go after a flush.

Tests that must run outside a wrapping transaction (row locks, restores, the
live server on PostgreSQL) end in a flush that empties the database. Loading
fixtures/ again takes seconds (every object is deserialised, validated, saved
and given its first history entry); copying the rows back takes a fraction of
that, and gives exactly the state every other test starts from, ids included.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from core import content_version


class Snapshot:
    def __init__(self):
        self.tables = []  # (table, columns, rows)

    def take(self):
        """Remember every row of every table Django manages (not django_migrations)."""
        quote = connection.ops.quote_name
        self.tables = []
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.django_table_names(only_existing=True)):
                columns = _written_columns(cursor, table)
                cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
                self.tables.append((table, columns, cursor.fetchall()))

    def restore(self):
        """Make every table hold exactly the remembered rows again. Foreign keys
        are checked at commit (Django makes them deferrable), so the order of
        tables does not matter."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table, _, _ in self.tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
            for table, columns, rows in self.tables:
                if rows:
                    _insert(cursor, table, columns, rows)
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        # Rows written back by hand send no signal: move the content version on,
        # or a page cached by the previous test (with its changes) is served again.
        content_version.bump()


def _written_columns(cursor, table):
    """The table's columns but those the database computes itself (a stored
    generated column, such as the statements' search vector, cannot be written)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = %s AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]
    description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


def _insert(cursor, table, columns, rows):
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk load: one round trip per table.
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)

"""Grows the content the way the portal grows in use, set-based (PostgreSQL).

The measures stay; statements and evaluations are copied `scale - 1` times,
budget lines a tenth as fast. Copies keep their measures, evaluators and
lead-ins, are published, and never stand in the working group's summary.
"""

from django.db import connection, transaction

from core import content_version
from findings.models import Evaluation, Statement
from measures.models import BudgetLine

COPY = "--kopi-"  # key suffix of a copy: «<key>--kopi-<n>»


def grow(scale):
    """Add the copies the content lacks for `scale` (1 = the real content)."""
    budget_copies = (scale - 1) // 10
    # Plain SQL sends no signals: the copies move the content version themselves,
    # in the same transaction, so no page cached at a smaller size is served.
    with transaction.atomic(), connection.cursor() as cursor:
        _copy_rows(cursor, Statement, scale - 1, overrides={"is_summary": "false"})
        _copy_links(cursor, Statement, "measures")
        _copy_rows(cursor, Evaluation, scale - 1)
        _copy_links(cursor, Evaluation, "measures")
        _copy_links(cursor, Evaluation, "evaluators")
        _copy_rows(cursor, BudgetLine, budget_copies)
        content_version.bump()
    with connection.cursor() as cursor:
        for model in (Statement, Evaluation, BudgetLine):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _copy_rows(cursor, model, copies, overrides=None):
    """Copies 1..`copies` of every original row, skipping those already made."""
    if copies < 1:
        return
    overrides = {"publication": "'published'", **(overrides or {})}
    table = model._meta.db_table
    columns = [
        f.column
        for f in model._meta.local_concrete_fields
        if f.column not in {"id", "key"} and not getattr(f, "generated", False)
    ]
    selected = [overrides.get(column, f'o."{column}"') for column in columns]
    cursor.execute(
        f"""
        INSERT INTO {table} (key, {", ".join(f'"{c}"' for c in columns)})
        SELECT o.key || '{COPY}' || n, {", ".join(selected)}
        FROM {table} o CROSS JOIN generate_series(1, %s) AS n
        WHERE o.key NOT LIKE %s
        ON CONFLICT (key) DO NOTHING
        """,
        [copies, f"%{COPY}%"],
    )


def _copy_links(cursor, model, field_name):
    """Give each copy the links of its original in a many-to-many field."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through._meta
    own = field.m2m_column_name()
    other = field.m2m_reverse_name()
    table = model._meta.db_table
    cursor.execute(
        f"""
        INSERT INTO {through.db_table} ({own}, {other})
        SELECT c.id, link.{other}
        FROM {table} c
        JOIN {table} o ON o.key = split_part(c.key, %s, 1)
        JOIN {through.db_table} link ON link.{own} = o.id
        WHERE c.key LIKE %s
          AND NOT EXISTS (SELECT 1 FROM {through.db_table} x WHERE x.{own} = c.id)
        """,
        [COPY, f"%{COPY}%"],
    )

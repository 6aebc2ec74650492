"""Rows the tests create again and again, built one way."""

from findings.models import Statement
from measures.models import Measure, SourceDocument


def a_draft_statement(key, text, measure="skil"):
    """A working-group assessment the secretariat is writing: a draft until published."""
    statement = Statement.objects.create(
        key=key,
        kind="assessment",
        voice="working_group",
        text=text,
        source=SourceDocument.objects.get(key="arbeidsgruppen-2022"),
        section="Sekretariatets utkast",
        position=1,
    )
    statement.measures.add(Measure.objects.get(key=measure))
    assert statement.is_draft
    return statement

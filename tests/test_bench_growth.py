"""The benchmark grows the content the way the portal grows (PostgreSQL only)."""

import pytest
from django.db import connection
from django.db.models import Count

from bench.grow import COPY, grow
from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure

pytestmark = [
    pytest.mark.scaling,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL"
    ),
]


@pytest.mark.django_db
def test_statements_and_evaluations_grow_and_the_measures_stay():
    before = {m: m.objects.count() for m in (Statement, Evaluation, BudgetLine, Measure)}
    links = Statement.measures.through.objects.count()
    grow(3)
    assert Statement.objects.count() == 3 * before[Statement]
    assert Evaluation.objects.count() == 3 * before[Evaluation]
    assert BudgetLine.objects.count() == before[BudgetLine]  # a tenth as fast: none yet
    assert Measure.objects.count() == before[Measure]
    assert Statement.measures.through.objects.count() == 3 * links
    copies = Statement.objects.filter(key__contains=COPY)
    assert not copies.filter(is_summary=True).exists()
    assert not copies.exclude(publication="published").exists()


@pytest.mark.django_db
def test_a_copy_keeps_its_original_measures_and_growing_again_adds_nothing():
    grow(2)
    grow(2)
    original = Statement.objects.annotate(n=Count("measures")).filter(n__gt=1).first()
    copy = Statement.objects.get(key=f"{original.key}{COPY}1")
    assert set(copy.measures.all()) == set(original.measures.all())
    assert Statement.objects.filter(key__startswith=f"{original.key}{COPY}").count() == 1


@pytest.mark.django_db
def test_budget_lines_grow_a_tenth_as_fast():
    before = BudgetLine.objects.count()
    grow(11)
    assert BudgetLine.objects.count() == 2 * before


@pytest.mark.django_db
def test_growing_moves_the_content_version():
    """The copies are written in plain SQL; no page cached before may be served."""
    from core import content_version

    before = content_version.current()
    grow(2)
    assert content_version.current() != before

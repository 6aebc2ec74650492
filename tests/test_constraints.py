"""The database refuses content that would break the portal's promises."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from findings.models import Evaluation, Statement
from measures.models import BudgetLine, Measure, Organisation, Responsibility, SourceDocument


@pytest.fixture
def measure(db):
    return Measure.objects.create(
        key="test-tiltak", name="Testtiltak", status="new", focus_area="preventive"
    )


@pytest.fixture
def source(db):
    return SourceDocument.objects.get(key="arbeidsgruppen-2022")


def sourced(source, **fields):
    return {"source": source, "section": "Test", "position": 1, **fields}


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_budget_amount_cannot_be_negative(measure, source):
    assert_refused(
        lambda: BudgetLine.objects.create(
            **sourced(
                source,
                key="neg",
                measure=measure,
                kind="frame",
                amount=Decimal("-1"),
                label="x",
                source_text="x",
            )
        )
    )


def test_budget_years_must_be_in_order(measure, source):
    assert_refused(
        lambda: BudgetLine.objects.create(
            **sourced(
                source,
                key="years",
                measure=measure,
                kind="frame",
                amount=1,
                year_from=2022,
                year_to=2020,
                label="x",
                source_text="x",
            )
        )
    )


def test_an_evaluator_must_be_named(source):
    assert_refused(
        lambda: Statement.objects.create(
            **sourced(source, key="s", kind="experience", voice="evaluator", text="x")
        )
    )


def test_a_recommendation_needs_an_addressee(source):
    assert_refused(
        lambda: Statement.objects.create(
            **sourced(source, key="r", kind="recommendation", voice="working_group", text="x")
        )
    )


def test_a_due_date_needs_its_precision(source):
    assert_refused(
        lambda: Evaluation.objects.create(
            **sourced(
                source,
                key="e",
                title="x",
                kind="final",
                status="planned",
                due=datetime.date(2023, 1, 1),
                source_text="x",
            )
        )
    )


def test_an_organisation_has_one_role_per_measure(measure):
    nav = Organisation.objects.get(key="nav")
    Responsibility.objects.create(key="a", measure=measure, organisation=nav, role="lead")
    assert_refused(
        lambda: Responsibility.objects.create(
            key="b", measure=measure, organisation=nav, role="lead"
        )
    )


def test_keys_are_unique(measure):
    assert_refused(
        lambda: Measure.objects.create(
            key="test-tiltak", name="Annet", status="new", focus_area="preventive"
        )
    )


def test_clean_explains_a_missing_voice_organisation_in_norwegian(source):
    statement = Statement(**sourced(source, key="c", kind="finding", voice="evaluator", text="x"))
    with pytest.raises(ValidationError) as error:
        statement.clean()
    assert "evaluatoren" in str(error.value)


def test_clean_rejects_a_day_in_a_month_precision_date(source):
    evaluation = Evaluation(
        **sourced(source, key="d", title="x", kind="final", status="planned",
                  due=datetime.date(2022, 8, 15), due_precision="month", source_text="x")
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        evaluation.clean()
    assert "due" in error.value.message_dict


def test_overdue_means_the_whole_due_period_has_passed(source):
    evaluation = Evaluation(
        **sourced(source, key="o", title="x", kind="final", status="planned",
                  due=datetime.date(2022, 9, 1), due_precision="season", source_text="x")
    )  # fmt: skip
    assert not evaluation.is_overdue(datetime.date(2022, 11, 30))
    assert evaluation.is_overdue(datetime.date(2022, 12, 1))
    evaluation.status = Evaluation.Status.DELIVERED
    assert not evaluation.is_overdue(datetime.date(2030, 1, 1))

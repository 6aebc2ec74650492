import datetime

import pytest
from django.core.exceptions import ValidationError

from core.partial_dates import (
    Precision,
    format_partial_date,
    period_end,
    validate_partial_date,
)


@pytest.mark.parametrize(
    ("value", "precision", "text"),
    [
        (datetime.date(2022, 7, 7), Precision.DAY, "7. juli 2022"),
        (datetime.date(2023, 6, 30), Precision.DAY, "30. juni 2023"),
        (datetime.date(2022, 8, 1), Precision.MONTH, "august 2022"),
        (datetime.date(2022, 9, 1), Precision.SEASON, "høsten 2022"),
        (datetime.date(2022, 3, 1), Precision.SEASON, "våren 2022"),
        (datetime.date(2023, 1, 1), Precision.QUARTER, "første kvartal 2023"),
        (datetime.date(2023, 7, 1), Precision.HALF_YEAR, "siste halvdel av 2023"),
        (datetime.date(2022, 7, 1), Precision.MID_YEAR, "medio 2022"),
        (datetime.date(2023, 1, 1), Precision.YEAR, "2023"),
    ],
)
def test_it_shows_the_precision_the_source_gave(value, precision, text):
    assert format_partial_date(value, precision) == text


@pytest.mark.parametrize(
    ("value", "precision", "end"),
    [
        (datetime.date(2022, 7, 7), Precision.DAY, datetime.date(2022, 7, 7)),
        (datetime.date(2022, 2, 1), Precision.MONTH, datetime.date(2022, 2, 28)),
        (datetime.date(2023, 1, 1), Precision.QUARTER, datetime.date(2023, 3, 31)),
        (datetime.date(2023, 7, 1), Precision.HALF_YEAR, datetime.date(2023, 12, 31)),
        (datetime.date(2022, 12, 1), Precision.SEASON, datetime.date(2023, 2, 28)),
        (datetime.date(2023, 1, 1), Precision.YEAR, datetime.date(2023, 12, 31)),
    ],
)
def test_period_end_is_the_last_day_of_the_period(value, precision, end):
    assert period_end(value, precision) == end


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (datetime.date(2022, 8, 15), Precision.MONTH),
        (datetime.date(2022, 2, 1), Precision.QUARTER),
        (datetime.date(2022, 10, 1), Precision.SEASON),
        (datetime.date(2022, 3, 1), Precision.YEAR),
        (None, Precision.YEAR),
        (datetime.date(2022, 1, 1), ""),
    ],
)
def test_it_rejects_a_date_that_does_not_start_its_period(value, precision):
    with pytest.raises(ValidationError):
        validate_partial_date(value, precision)


def test_it_accepts_a_day_and_an_empty_date():
    validate_partial_date(datetime.date(2022, 7, 7), Precision.DAY)
    validate_partial_date(None, "")

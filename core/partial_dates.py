"""Dates known only to a month, quarter, half-year, season or year.

The sources say "7. juli 2022", "august 2022", "høsten 2022", "første kvartal
2023", "siste halvdel av 2023" and "2023". We store the first day of the period
plus its precision, so lists sort by date and nothing shows a day the source
never gave.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format


class Precision(models.TextChoices):
    DAY = "day", "Dag"
    MONTH = "month", "Måned"
    QUARTER = "quarter", "Kvartal"
    HALF_YEAR = "half", "Halvår"
    MID_YEAR = "medio", "Medio (midten av året)"
    SEASON = "season", "Årstid"
    YEAR = "year", "År"


# First month of each period; a stored date must start its period.
SEASON_NAMES = {3: "våren", 6: "sommeren", 9: "høsten", 12: "vinteren"}
QUARTER_NAMES = {1: "første", 4: "andre", 7: "tredje", 10: "fjerde"}
HALF_NAMES = {1: "første halvdel av", 7: "siste halvdel av"}
PERIOD_START_MONTHS = {
    Precision.DAY: range(1, 13),
    Precision.MONTH: range(1, 13),
    Precision.QUARTER: QUARTER_NAMES,
    Precision.HALF_YEAR: HALF_NAMES,
    Precision.MID_YEAR: (7,),
    Precision.SEASON: SEASON_NAMES,
    Precision.YEAR: (1,),
}
PERIOD_MONTHS = {
    Precision.MONTH: 1,
    Precision.QUARTER: 3,
    Precision.HALF_YEAR: 6,
    Precision.MID_YEAR: 1,
    Precision.SEASON: 3,
    Precision.YEAR: 12,
}


def validate_partial_date(value, precision):
    """Raise ValidationError unless `value` is the first day of its period."""
    if value is None or not precision:
        if (value is None) != (not precision):
            raise ValidationError("Dato og presisjon må fylles ut sammen.")
        return
    if value.month not in PERIOD_START_MONTHS[precision]:
        raise ValidationError(
            f"Med presisjon «{Precision(precision).label}» kan ikke datoen starte i "
            f"måned {value.month}."
        )
    if precision != Precision.DAY and value.day != 1:
        raise ValidationError("Bruk første dag i perioden når datoen ikke er kjent på dagen.")


def format_partial_date(value, precision):
    """Norwegian text at the precision the source gave: 'høsten 2022'."""
    if value is None:
        return ""
    year = value.year
    match precision:
        case Precision.DAY:
            return date_format(value, "j. F Y")
        case Precision.MONTH:
            return f"{date_format(value, 'F')} {year}"
        case Precision.QUARTER:
            return f"{QUARTER_NAMES[value.month]} kvartal {year}"
        case Precision.HALF_YEAR:
            return f"{HALF_NAMES[value.month]} {year}"
        case Precision.MID_YEAR:
            return f"medio {year}"
        case Precision.SEASON:
            return f"{SEASON_NAMES[value.month]} {year}"
        case _:
            return str(year)


def period_end(value, precision):
    """Last day of the period a partial date stands for."""
    if value is None:
        return None
    if precision == Precision.DAY:
        return value
    months = PERIOD_MONTHS[precision]
    month_index = value.year * 12 + value.month - 1 + months - 1
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])

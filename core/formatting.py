"""Norwegian number formats: '21 200 kr', '71,6 mill. kr', '18 %'.

Spaces inside a number or before a unit are non-breaking, so a figure never
wraps across lines.
"""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\xa0"
MILLION = Decimal(1_000_000)


def number(value, decimals=0):
    """'21 200', '71,6': grouped by three, decimal comma, trailing zeros dropped."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "−" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NBSP.join(groups) or "0"
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def kroner(value):
    """'21 200 kr' below a million, '71,6 mill. kr' from a million up."""
    if value is None:
        return ""
    value = Decimal(value)
    if abs(value) >= MILLION:
        return f"{number(value / MILLION, 2)}{NBSP}mill.{NBSP}kr"
    return f"{number(value)}{NBSP}kr"


def millions(value):
    """'71,6' for 71 600 000: for a column headed «mill. kr»."""
    if value is None:
        return ""
    return number(Decimal(value) / MILLION, 2)


def percent(value, decimals=0):
    if value is None:
        return ""
    return f"{number(value, decimals)}{NBSP}%"

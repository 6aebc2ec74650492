import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import formatting

register = template.Library()


@register.filter
def kroner(value):
    return formatting.kroner(value)


@register.filter
def millions(value):
    return formatting.millions(value)


@register.filter
def number(value, decimals=0):
    return formatting.number(value, decimals)


@register.filter
def percent(value, decimals=0):
    return formatting.percent(value, decimals)


@register.filter
def ratio_percent(ratio):
    """A ratio 0.716 as '72 %'."""
    return "" if ratio is None else formatting.percent(ratio * 100)


@register.filter
def budget_amount(line):
    """A budget line's amount in its unit, with the source's qualifier: 'om lag 15 mill. kr'."""
    if line.unit == line.Unit.NOK:
        amount = formatting.kroner(line.amount)
    elif line.unit == line.Unit.PERCENT:
        amount = formatting.percent(line.amount, 2)
    else:
        amount = f"{formatting.number(line.amount, 2)}{formatting.NBSP}{line.get_unit_display()}"
    if line.qualifier:
        return f"{line.get_qualifier_display()} {amount}"
    return amount


@register.simple_tag
def bar_width(value, maximum):
    """A bar's width as a multiple of 5 (%), for the CSS classes w-0 … w-100.

    Classes rather than inline styles, so a strict Content-Security-Policy holds.
    """
    if not value or not maximum:
        return 0
    return max(1, round(float(value) / float(maximum) * 20)) * 5


@register.filter
def with_footnote(text, marker):
    """The text, escaped, with its footnote marker raised: 'Oslo Economics<sup>2</sup>'.

    The marker is the source's digit glued to the end of a word or a quote, or
    standing after a full stop and a space where the extraction put one there
    ('eksperter. 3'); the text keeps the source's space.
    """
    html = conditional_escape(text)
    if not marker:
        return html
    pattern = re.compile(rf"(?:(?<=[^\s\d])|(?<=[.,;:] )){re.escape(marker)}(?=[\s.,;:)]|$)")
    return mark_safe(pattern.sub(f'<sup class="footnote-ref">{marker}</sup>', html, count=1))

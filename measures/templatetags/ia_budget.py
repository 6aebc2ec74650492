"""A budget table's figure cells. Built here rather than in an included template:
/budsjett/ holds some 150 of them, and an include costs some 30 µs more per use."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import formatting

register = template.Library()


@register.simple_tag
def budget_cells(row, columns):
    """The <td> of each of a budget table's columns, for a row or a sum."""
    cells = row.cells([kind for kind, _ in columns])
    pairs = zip(columns, cells, strict=True)
    return mark_safe("".join(_cell(heading, cell) + "\n" for (_, heading), cell in pairs))


def _cell(heading, cell):
    figure = mark_safe("")
    if cell.qualifier and not cell.empty:
        figure = format_html("{} ", cell.qualifier)
    if cell.kroner is not None:
        figure += format_html(
            '{}<span class="unit"> mill.&nbsp;kr</span>', formatting.millions(cell.kroner)
        )
        if cell.added_up:
            figure += format_html(
                '<span class="as-of muted"> sum av {} beløp</span>', localize(cell.parts)
            )
    if cell.percent is not None:
        if cell.kroner is not None:
            figure += mark_safe("<br>")
        figure += format_html("{}", formatting.percent(cell.percent))
    return format_html(
        '<td role="cell" class="{}" data-label="{}">{}{}{}</td>',
        cell.css_class,
        heading,
        figure,
        cell.text,
        "–" if cell.empty else "",
    )


@register.simple_tag
def budget_use(use):
    """How a measure's money was used (measures.budget.use_summary), or that the
    sources do not say."""
    if not use:
        return mark_safe('<span class="muted">ikke oppgitt</span>')
    return format_html(
        '<strong class="nowrap">{}</strong> {} <span class="nowrap">({})</span>',
        use.figure,
        use.what,
        use.period,
    )

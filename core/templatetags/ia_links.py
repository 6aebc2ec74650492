"""Links that stand hundreds of times on one page: a statement's measures and its
citation. Built here rather than in an included template: an include costs some
30 µs more per use (it looks the template up and pushes the context each time)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def measure_links(measures):
    """Links to `measures` by their short names, separated by commas."""
    return format_html_join(
        ", ",
        '<a class="ds-link" href="{}">{}</a>',
        ((measure.get_absolute_url(), measure.display_name) for measure in measures),
    )


@register.simple_tag
def citation(item):
    """Where `item` stands in its source: document, section, page and line."""
    place = format_html(", {}", item.section)
    if item.page:
        place += format_html(", s. {}", localize(item.page))
    if item.line:
        place += format_html(", linje {}", localize(item.line))
    return format_html(
        '<span class="citation">Kilde: <a class="ds-link" href="{}">{}</a>{}</span>',
        item.source_url,
        item.source.short_title,
        place,
    )


@register.simple_tag
def measure_name(measure, parent=None, fragment=""):
    """A measure linked by its name; a sub-measure (`parent` given) indented, and
    named as part of its parent for screen readers."""
    link = format_html(
        '<a class="ds-link" href="{}{}">{}</a>', measure.get_absolute_url(), fragment, measure.name
    )
    if not parent:
        return link
    return format_html(
        '<span class="submeasure" aria-hidden="true">↳ </span>{}'
        '<span class="ds-sr-only"> (del av {})</span>',
        link,
        parent.name,
    )


@register.simple_tag
def filter_option(option):
    """One <option> of a list page's filter, with its count where there is one."""
    count = "" if option.count is None else format_html(" ({})", localize(option.count))
    return format_html(
        '<option value="{}"{}>{}{}</option>',
        option.value,
        " selected" if option.selected else "",
        option.label,
        count,
    )

"""How an item reads on the pages and in the exports."""

from urllib.parse import urlencode

from django.urls import reverse

from .models import Status

SILENT_SOURCE = "Ikke startet – kilden sier ingenting om oppfølging"


def status_label(item):
    """The status, saying so when «Ikke startet» only means nobody has set it
    and the source says nothing. Needs `status_recorded` (selectors)."""
    if item.status == Status.NOT_STARTED and not item.status_recorded:
        return SILENT_SOURCE
    return item.get_status_display()


def item_measures(item):
    """The measures of the item's visible statements, once each, in page order.
    Needs the quotes prefetched with their statements' measures."""
    seen = {}
    for quote in item.quotes.all():
        for measure in quote.statement.measures.all():
            seen.setdefault(measure.pk, measure)
    return sorted(seen.values(), key=lambda measure: (measure.position, measure.name))


def statement_url(statement):
    """Where the statement stands on the portal: its first measure's page, or the
    statement list. Uses the prefetched measures (Statement.get_absolute_url
    would cost a query)."""
    measures = sorted(statement.measures.all(), key=lambda measure: measure.position)
    if measures:
        return f"{measures[0].get_absolute_url()}#utsagn-{statement.key}"
    query = urlencode({"kilde": statement.source.key, "type": statement.kind})
    return f"{reverse('findings:statements')}?{query}#utsagn-{statement.key}"


STATUS_COLORS = {
    Status.NOT_STARTED: "neutral",
    Status.SOME: "info",
    Status.MOST: "info",
    Status.DONE: "success",
    Status.WONT_DO: "danger",
}


def status_color(item):
    """Designsystemet colour of the status tag."""
    return STATUS_COLORS[item.status]

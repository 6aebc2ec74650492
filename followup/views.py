"""The follow-up pages: the list with filters and exports, one page per item,
and the recommendation × measure matrix."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from measures.models import Measure

from .exports import as_csv, as_xlsx
from .list_state import FollowUpListState
from .matrix import build_matrix
from .presentation import item_measures, statement_url, status_color, status_label
from .selectors import can_read_notes, item_for_page, items_for_listing, visible_items


@require_safe
def item_list(request):
    state = FollowUpListState(request)
    if state.clean_url:
        return redirect(state.clean_url)
    today = timezone.localdate()
    if state.is_valid and state.export_format == "csv":
        return as_csv(state.results, request, today)
    if state.is_valid and state.export_format == "xlsx":
        return as_xlsx(state.results, request, today)
    # A bad value gives a message and a 400, with the rest of the choices applied.
    page = state.page(state.results)
    context = {
        "state": state,
        "page": page,
        "rows": [_row(item, today) for item in page.object_list],
        "status_counts": state.status_counts(),
    }
    return render(request, "followup/item_list.html", context, status=state.status)


def _row(item, today):
    quotes = item.quotes.all()
    return {
        "item": item,
        "quote": quotes[0],
        "others": len(quotes) - 1,
        "measures": item_measures(item),
        "status_label": status_label(item),
        "status_color": status_color(item),
        "overdue": item.is_overdue(today),
    }


@require_safe
def item_detail(request, key):
    item = item_for_page(visible_items(request.user), key, request.user)
    if item is None:
        raise Http404("Fant ingen anbefaling med denne adressen.")
    quotes = [
        {"quote": quote, "context": quote.in_context(), "url": statement_url(quote.statement)}
        for quote in item.quotes.all()
    ]
    context = {
        "item": item,
        "quotes": quotes,
        "measures": item_measures(item),
        "status_label": status_label(item),
        "status_color": status_color(item),
        "overdue": item.is_overdue(timezone.localdate()),
        "events": list(item.events.all()),
        "notes": item.notes.all() if can_read_notes(request.user) else None,
        "show_authors": can_read_notes(request.user),
    }
    return render(request, "followup/item_detail.html", context)


@require_safe
def matrix(request):
    items = items_for_listing(visible_items(request.user), request.user)
    context = {"matrix": build_matrix(items, Measure.objects.all())}
    return render(request, "followup/matrix.html", context)

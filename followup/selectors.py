"""The queries behind the follow-up pages: what a user may see, fetched in a
fixed number of queries whatever the number of items.

An item is shown only when it is published and at least one statement it
quotes is visible; a quote from a draft statement is left out for those who
may not see drafts, so no draft text leaks through a recommendation.
"""

from django.db.models import Exists, F, OuterRef, Prefetch

from findings.models import Statement
from measures.models import Measure

from .models import FollowUpItem, ItemEvent, ItemNote, ItemQuote

NOTES_PERMISSION = "followup.view_itemnote"


def can_read_notes(user):
    return user.is_authenticated and user.has_perm(NOTES_PERMISSION)


def visible_statements(user):
    return Statement.objects.visible_to(user)


def visible_quotes(user):
    return ItemQuote.objects.filter(statement__in=visible_statements(user))


def visible_items(user):
    quoted = visible_quotes(user).filter(item=OuterRef("pk"))
    return FollowUpItem.objects.visible_to(user).filter(Exists(quoted))


def with_status_recorded(items):
    """Marks items whose status someone has set, so the page can say when a
    «Ikke startet» only means that the source says nothing."""
    changed = ItemEvent.objects.filter(item=OuterRef("pk")).exclude(status_before=F("status_after"))
    return items.annotate(status_recorded=Exists(changed))


def _measures():
    return Measure.objects.only("key", "name", "short_name", "position", "parent_id").order_by(
        "position"
    )


def quotes_prefetch(user, *, for_page=False):
    """The item's visible quotes with their statements, sources and measures."""
    related = ["statement__source"]
    if for_page:
        related += ["statement__lead_in", "statement__voice_organisation"]
    quotes = (
        visible_quotes(user)
        .select_related(*related)
        .prefetch_related(Prefetch("statement__measures", queryset=_measures()))
    )
    return Prefetch("quotes", queryset=quotes)


def items_for_listing(items, user):
    return with_status_recorded(items.select_related("owner_organisation")).prefetch_related(
        quotes_prefetch(user)
    )


def item_for_page(items, key, user):
    """The item with its quotes in context, its log and (for members) its notes."""
    prefetches = [
        quotes_prefetch(user, for_page=True),
        Prefetch("events", queryset=ItemEvent.objects.select_related("author")),
    ]
    if can_read_notes(user):
        prefetches.append(Prefetch("notes", queryset=ItemNote.objects.select_related("author")))
    queryset = with_status_recorded(items.select_related("owner_organisation"))
    return queryset.prefetch_related(*prefetches).filter(key=key).first()

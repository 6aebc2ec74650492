"""The Atom feed of what changed: what anyone may see, whoever asks.

A feed reader fetches without logging in, and a feed can be shared: so it is
built for an anonymous visitor even when a logged-in member opens it, and never
holds drafts or internal notes.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .whatchanged import changes_since, default_since, start_of

FEED_SIZE = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "IA-portalen: endringer"
    subtitle = (
        "Nye og endrede utsagn, leverte evalueringer, budsjettall og oppfølgingen av "
        "anbefalingene på IA-portalen."
    )
    author_name = "Sekretariatet for koordineringsgruppen for IA-avtalen"

    def link(self):
        return reverse("followup:changes")

    def items(self):
        return changes_since(AnonymousUser(), start_of(default_since()), limit=FEED_SIZE).entries

    def item_title(self, change):
        return f"{change.category}: {change.action.lower()} – {change.title}"

    def item_description(self, change):
        return change.text

    def item_link(self, change):
        return change.url

    def item_guid(self, change):
        # A tag URI (RFC 4151) names the entry for good, whatever address the
        # portal is served from; the owner's address is the naming authority.
        return f"tag:{settings.PORTAL_CONTACT_EMAIL},2026:endring/{change.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.when

    def item_updateddate(self, change):
        return change.when

    def item_categories(self, change):
        return [change.category]

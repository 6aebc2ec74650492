"""What every page's header and footer need: the owner's contact address and
when the published content last changed."""

import functools

from django.conf import settings

from .freshness import last_public_change


def portal(request):
    # A callable, so the query runs only when a template shows the date, and once.
    return {
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
        "last_updated": functools.cache(last_public_change),
    }

"""Addresses of rows by their key, for pages that link to hundreds of them.

`reverse()` matches the view's route and its converters on every call: a tenth
of the time of /oppfolging/ and /kilder/… went to it. Here each route is
reversed once (per URLconf and script prefix) with a stand-in key, and a row's
key is put in its place. A key that is not a slug goes through `reverse()`,
which refuses it as before.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's <slug:…> converter
STAND_IN = "nokkel-som-byttes-ut"


def url_for_key(viewname, key):
    """`reverse(viewname, args=[key])` for a route with one slug."""
    if not SLUG.fullmatch(key):
        return reverse(viewname, args=[key])
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _route(viewname, urlconf, get_script_prefix())
    return f"{before}{key}{after}"


@lru_cache(maxsize=64)
def _route(viewname, urlconf, script_prefix):
    before, _, after = reverse(viewname, urlconf=urlconf, args=[STAND_IN]).rpartition(STAND_IN)
    return before, after

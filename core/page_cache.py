"""Whole public pages, cached for visitors and shared by every process.

A page is stored under the content version (core.content_version), so any publish,
edit, import, delete or restore makes every stored page stale at once, in every
process, without deleting anything: old entries simply age out. The version is read
before the view runs, so a page rendered while a change commits is stored under the
old version, never the new one.

Only visitors (not logged in) are served from the cache, and only with pages whose
response is the same for every visitor: 200, not streamed, not a download, no
cookie, no CSRF token, no CSP nonce. A visitor with a message waiting (e.g. «Du er
logget ut») gets a fresh page, so the message is shown to them and to no one else.
Logged-in users (members, the secretariat) never touch the cache: their pages are
rendered for them and marked `Cache-Control: private` (core.middleware).
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone

from core import content_version

logger = logging.getLogger(__name__)


def cached_for_visitors(view):
    """Decorator for the views of public pages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = _read(key)
        if stored is not None:
            return _rebuild(stored)
        response = view(request, *args, **kwargs)
        if _same_for_every_visitor(request, response):
            _write(key, response)
        return response

    return wrapper


def _may_use_cache(request):
    return (
        settings.PAGE_CACHE
        and not request.user.is_authenticated
        and request.method in {"GET", "HEAD"}
        # With the cache off (tests, the benchmark's rendering rounds) the version
        # is not even read, so a page costs what its own queries cost.
        and not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)
        and not _has_waiting_messages(request)
    )


def _has_waiting_messages(request):
    """True when a message waits for this visitor. len() loads them without
    marking them shown, so the rendered page still shows and consumes them."""
    if not hasattr(request, "_messages"):
        return False
    return len(get_messages(request)) > 0


def _key(request):
    version = content_version.current()
    if version is None:
        return None
    # The date is part of the page: evaluations and follow-up items turn overdue
    # at midnight.
    address = f"{request.get_host()}{request.get_full_path()}|{timezone.localdate()}"
    return f"side:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _same_for_every_visitor(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Disposition")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


# A cache that is down or missing its table makes pages slower, never broken.


def _read(key):
    if key is None:
        return None
    try:
        return caches[DEFAULT_CACHE_ALIAS].get(key)
    except Exception:
        logger.warning("Sidebufferen kunne ikke leses", exc_info=True)
        return None


def _write(key, response):
    if key is None:
        return
    try:
        caches[DEFAULT_CACHE_ALIAS].set(key, (response.content, list(response.headers.items())))
    except Exception:
        logger.warning("Sidebufferen kunne ikke skrives", exc_info=True)


def _rebuild(stored):
    content, headers = stored
    return HttpResponse(content, headers=dict(headers))

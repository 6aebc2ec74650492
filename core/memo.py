"""Read-only query results kept per content version, shared by every process.

Counting or ranking every statement costs in proportion to the database, while
the answer only changes when the content does. A result kept here is stored
under the content version (core.content_version) and the query's own SQL and
parameters, so any publish, edit, import or restore makes it stale at once, in
every process, and two queries that differ in any way (the user's drafts, a
search, a filter) never share a result. The first request after a change pays
the full query; the ones after it read one cache entry.

Nothing is kept inside a transaction: the version read there may be one that
rolls back and is later reused for other content. Requests run outside one
(ATOMIC_REQUESTS is off); the admin's writes and the tests' transactions simply
run the query.
"""

import hashlib
import logging

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Prefetch

from core import content_version

logger = logging.getLogger(__name__)


def rows(queryset):
    """list(queryset), kept per content version. Select- and prefetch-related
    rows come along (they are part of the pickled instances)."""
    if not _may_keep():
        return list(queryset)
    prefetched = [_described(lookup) for lookup in queryset._prefetch_related_lookups]
    return kept(_identity("rows", queryset, prefetched), lambda: list(queryset))


def _described(lookup):
    """A prefetch lookup as text that is the same in every process: a Prefetch's
    own repr names its address in memory."""
    if isinstance(lookup, Prefetch):
        queryset = lookup.queryset
        try:
            sql = queryset.query.sql_with_params() if queryset is not None else None
        except EmptyResultSet:
            sql = "nothing"
        return (lookup.prefetch_through, lookup.to_attr, repr(sql))
    return lookup


def count(queryset):
    """queryset.count(), kept per content version."""
    if not _may_keep():
        return queryset.count()
    return kept(_identity("count", queryset), queryset.count)


def counts_by(queryset, field, counted=None):
    """{value of `field`: rows} in one GROUP BY, kept per content version.
    `counted` is the Count to take (each row once by default)."""
    grouped = queryset.order_by().values_list(field).annotate(n=counted or Count("pk"))
    return dict(rows(grouped))


def aggregate(queryset, **aggregates):
    """queryset.aggregate(**aggregates), kept per content version."""
    if not _may_keep():
        return queryset.aggregate(**aggregates)
    identity = _identity("aggregate", queryset, aggregates)
    return kept(identity, lambda: queryset.aggregate(**aggregates))


def _identity(what, queryset, *more):
    """Everything the result of `what` on `queryset` depends on but the content,
    or None for a query that cannot match anything (and so costs nothing)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"{what}|{queryset.model._meta.label}|{sql}|{params!r}|{more!r}"


def kept(identity, compute):
    """compute(), kept under the content version and `identity`, which must name
    everything the result depends on but the content (usually the SQL)."""
    if identity is None or not _may_keep():
        return compute()
    version = content_version.current()
    if version is None:
        return compute()
    key = f"memo:{version}:{hashlib.sha256(identity.encode()).hexdigest()}"
    cache = caches[DEFAULT_CACHE_ALIAS]
    try:
        found = cache.get(key, _MISSING)
    except Exception:
        logger.warning("Bufferen kunne ikke leses", exc_info=True)
        return compute()
    if found is not _MISSING:
        return found
    result = compute()
    try:
        cache.set(key, result)
    except Exception:
        logger.warning("Bufferen kunne ikke skrives", exc_info=True)
    return result


_MISSING = object()


def _may_keep():
    """Checked before a query's identity is built: compiling its SQL for a key
    costs about as much as a small query."""
    return not connection.in_atomic_block and not isinstance(
        caches[DEFAULT_CACHE_ALIAS], DummyCache
    )

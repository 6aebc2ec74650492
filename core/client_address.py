"""The address a request comes from, for login throttling (django-axes).

Behind N reverse proxies, each appends the address it got the request from to
X-Forwarded-For, so the client's address is the N-th from the right; whatever
stands further left was written by the client and may be forged. With no proxy
the header is ignored, as anyone can send it; a value there that is no address
(a request that bypassed the proxies) is ignored too, so it never reaches the
database as one.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _is_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True

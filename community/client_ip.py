"""The address of the person making a request, for per-client limits."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies
    the address the outermost of them saw, read from the right of ``X-Forwarded-For``.

    Each trusted proxy appends the address it received the request from, so the entry
    that many places from the right was written by our own outermost proxy; anything to
    its left came from the client and may be forged. Behind a load balancer without
    this, every visitor has the balancer's address and shares one limit.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Not through all our proxies (a health check, a misconfiguration): the last
        # hop is all we know, and a forged header must not pick the limit's key.
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

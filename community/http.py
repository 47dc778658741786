"""HTTP caching helpers shared by every app's public pages and feeds."""

import hashlib
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from community.content_versions import content_state

PUBLIC_MAX_AGE = 300
# Bounds how long a page can miss a change that comes from time passing (an event
# starting, a job expiring) rather than from a write.
PAGE_CACHE_TIMEOUT = 600
# Per-view flags that middleware reads off the response object (clickjacking,
# django-csp); a page rebuilt from the cache must carry them too.
RESPONSE_FLAGS = (
    "xframe_options_exempt",
    "_csp_exempt",
    "_csp_update",
    "_csp_replace",
    "_csp_config",
)


def _carries_own_state(request) -> bool:
    # A session or a flash message may be shown on the page: a signed-in reader's name,
    # or an anonymous reader's "Thanks, your event is waiting for review". Such a page is
    # that reader's alone, even where the rest of it is public.
    # (A cookie deleted by the last response may still be sent empty.)
    return bool(
        request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get("messages")
    )


def _patch_public_headers(request, response, max_age):
    if request.user.is_authenticated or _carries_own_state(request):
        patch_cache_control(response, private=True, no_cache=True)
    elif response.status_code in (200, 301, 304, 404, 410):
        patch_cache_control(
            response, public=True, max_age=max_age, s_maxage=settings.SHARED_CACHE_MAX_AGE
        )
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(max_age: int = PUBLIC_MAX_AGE):
    """Let browsers and a CDN cache a page for anonymous readers only.

    Anonymous responses get ``Cache-Control: public, max-age, s-maxage`` (a shared
    cache keeps them for SHARED_CACHE_MAX_AGE only, so changes show there fast); the page
    of a signed-in reader, or of one with a session or a flash message, is ``private,
    no-cache`` because it may carry their data.
    ``Vary: Cookie`` keeps a shared cache from mixing the two.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _patch_public_headers(request, view(request, *args, **kwargs), max_age)

        return wrapped

    return decorator


def accepts_gzip(request) -> bool:
    """Whether the client takes a gzip-encoded body (``Accept-Encoding``; ``q=0`` refuses)."""
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = item.partition(";")
        if coding.strip().lower() == "gzip":
            quality = params.replace(" ", "").lower()
            if not quality.startswith("q="):
                return True
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
    return False


def _is_anonymous_read(request) -> bool:
    # No session cookie means no user and no flash messages: the page is the same
    # for every such reader. Checked without touching the session (no query).
    return request.method in ("GET", "HEAD") and not _carries_own_state(request)


def _can_store(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # e.g. never_cache views opt out
    )


def _validators(request, namespaces, *, gzip_variants: bool) -> tuple[str, str, datetime]:
    """(cache key, ETag, Last-Modified) of an anonymous page, from its apps' content state.

    No query runs over the page's rows: a write anywhere in ``namespaces`` changes
    them, and so does the time bucket, which renews copies and validators now and
    then for changes that come from the clock (an event starting, a post expiring).
    """
    state = content_state(namespaces)
    bucket = int(time.time() // PAGE_CACHE_TIMEOUT)
    # A view that answers gzip to clients that accept it (the ICS feeds) needs a stored
    # copy and an ETag per "accepts gzip or not", as two encodings need two ETags; other
    # pages would only be stored twice.
    gzip = gzip_variants and accepts_gzip(request)
    fingerprint = f"{request.get_host()}|{request.get_full_path()}|{state.versions}|{bucket}|{gzip}"
    key = "page:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    bucket_start = datetime.fromtimestamp(bucket * PAGE_CACHE_TIMEOUT, tz=UTC)
    last_modified = max(filter(None, (state.changed_at, bucket_start)))
    return key, f'"{key[5:37]}"', last_modified


def _page_caches() -> tuple:
    """Where anonymous pages are kept, nearest first (settings.PAGE_CACHE_TIERS): the
    process's memory, and with Redis the shared cache behind it.
    """
    return tuple(caches[alias] for alias in settings.PAGE_CACHE_TIERS)


def _stored_page(key):
    tiers = _page_caches()
    for depth, tier in enumerate(tiers):
        stored = tier.get(key)
        if stored is not None:
            for nearer in tiers[:depth]:
                nearer.set(key, stored, PAGE_CACHE_TIMEOUT)
            return stored
    return None


def _stored_response(key):
    stored = _stored_page(key)
    if stored is None:
        return None
    response = HttpResponse(stored["content"], status=stored["status"])
    for header, value in stored["headers"].items():
        response[header] = value
    for flag, value in stored["flags"].items():
        setattr(response, flag, value)
    return response


def _store_response(key, response):
    if not _can_store(response):
        return
    stored = {
        "content": response.content,
        "status": response.status_code,
        "headers": dict(response.headers),
        "flags": {
            flag: getattr(response, flag) for flag in RESPONSE_FLAGS if hasattr(response, flag)
        },
    }
    for tier in _page_caches():
        tier.set(key, stored, PAGE_CACHE_TIMEOUT)


def cached_public_page(
    *namespaces: str, max_age: int = PUBLIC_MAX_AGE, gzip_variants: bool = False
):
    """``public_page``, plus validators and a server-side cache for anonymous readers.

    ETag and Last-Modified come from the content versions of ``namespaces`` (the
    apps whose rows the page shows), which PostgreSQL bumps on every write, so a
    change is visible at once and a conditional GET is answered after one small
    query, without rendering anything. With PAGE_CACHE_ENABLED the rendered page
    is kept under the same key. Changes that come from time passing show within
    PAGE_CACHE_TIMEOUT. Signed-in readers always get a fresh, private page.
    ``gzip_variants``: the view answers gzip-encoded to clients that accept it.
    """

    def decorator(view):
        public_view = public_page(max_age)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _is_anonymous_read(request):
                return public_view(request, *args, **kwargs)
            key, etag, last_modified = _validators(request, namespaces, gzip_variants=gzip_variants)
            timestamp = int(last_modified.timestamp())
            response = get_conditional_response(request, etag=etag, last_modified=timestamp)
            if response is None:
                response = _stored_response(key) if settings.PAGE_CACHE_ENABLED else None
                if response is None:
                    response = view(request, *args, **kwargs)
                    if settings.PAGE_CACHE_ENABLED:
                        _store_response(key, response)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                response["Last-Modified"] = http_date(timestamp)
            return _patch_public_headers(request, response, max_age)

        return wrapped

    return decorator

"""HTTP caching helpers shared by every app's public pages and feeds."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from community.content_versions import current_versions

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


def _patch_public_headers(request, response, max_age):
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    elif response.status_code in (200, 301, 304, 404, 410):
        patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(max_age: int = PUBLIC_MAX_AGE):
    """Let browsers and a CDN cache a page for anonymous readers only.

    Anonymous responses get ``Cache-Control: public, max-age``; a signed-in
    reader's page is ``private, no-cache`` because it may carry their data.
    ``Vary: Cookie`` keeps a shared cache from mixing the two.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _patch_public_headers(request, view(request, *args, **kwargs), max_age)

        return wrapped

    return decorator


def _is_anonymous_read(request) -> bool:
    # No session cookie means no user and no flash messages: the page is the same
    # for every such reader. Checked without touching the session (no query).
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _can_store(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # e.g. never_cache views opt out
    )


def cached_public_page(*namespaces: str, max_age: int = PUBLIC_MAX_AGE):
    """``public_page``, plus a server-side cache and ETags for anonymous readers.

    The cache key and ETag include the content versions of ``namespaces`` (the
    apps whose rows the page shows), which PostgreSQL bumps on every write, so a
    change is visible at once and a 304 is answered after one small query,
    without rendering anything.
    """

    def decorator(view):
        public_view = public_page(max_age)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not settings.PAGE_CACHE_ENABLED or not _is_anonymous_read(request):
                return public_view(request, *args, **kwargs)
            versions = current_versions(namespaces)
            fingerprint = f"{request.get_host()}|{request.get_full_path()}|{versions}"
            key = "page:" + hashlib.sha256(fingerprint.encode()).hexdigest()
            etag = f'"{key[5:37]}"'
            if etag in parse_etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
                response["ETag"] = etag
                return _patch_public_headers(request, response, max_age)
            stored = cache.get(key)
            if stored is not None:
                response = HttpResponse(stored["content"], status=stored["status"])
                for header, value in stored["headers"].items():
                    response[header] = value
                for flag, value in stored["flags"].items():
                    setattr(response, flag, value)
            else:
                response = view(request, *args, **kwargs)
                if _can_store(response):
                    cache.set(
                        key,
                        {
                            "content": response.content,
                            "status": response.status_code,
                            "headers": dict(response.headers),
                            "flags": {
                                flag: getattr(response, flag)
                                for flag in RESPONSE_FLAGS
                                if hasattr(response, flag)
                            },
                        },
                        PAGE_CACHE_TIMEOUT,
                    )
            if response.status_code == 200:
                response["ETag"] = etag
            return _patch_public_headers(request, response, max_age)

        return wrapped

    return decorator

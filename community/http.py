"""HTTP caching helpers shared by every app's public pages and feeds."""

from functools import wraps

from django.utils.cache import patch_cache_control, patch_vary_headers

PUBLIC_MAX_AGE = 300


def public_page(max_age: int = PUBLIC_MAX_AGE):
    """Let browsers and a CDN cache a page for anonymous readers only.

    Anonymous responses get ``Cache-Control: public, max-age``; a signed-in
    reader's page is ``private, no-cache`` because it may carry their data.
    ``Vary: Cookie`` keeps a shared cache from mixing the two.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            elif response.status_code in (200, 301, 304, 404, 410):
                patch_cache_control(response, public=True, max_age=max_age)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapped

    return decorator

"""Load benchmark of the portal against a framework floor and a static-file ceiling.

Run it with ``make bench`` (see bench/README.md). Nothing here is imported by the
site itself: the floor view exists only under ``bench.settings``.
"""

# The framework floor's URL path (bench/floor_urls.py), routed only under bench.settings.
FLOOR_PATH = "__bench__/floor"

# Sent with every benchmark request, as browsers and calendar apps do: a page that
# negotiates gzip (the ICS feeds) is measured as those clients receive it.
CLIENT_HEADERS = {"Accept-Encoding": "gzip"}

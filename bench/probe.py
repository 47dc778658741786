"""In-process half of the benchmark: resolve the pages, count their SQL queries.

run.py starts this as ``python -m bench.probe`` with the same environment as the
gunicorn server (same database, DEBUG off, same SECRET_KEY, so the session
cookies it creates work there). It writes one JSON document: per page its path,
status, size, cache headers, the queries of a cold and a warm request and of a
conditional GET; and it copies a typical page's bytes to the floor body file.
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path


def measure(client, path: str, headers: dict | None = None) -> tuple:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers or {})
    return response, len(queries)


def probe_page(page) -> dict:
    from django.test import Client

    from bench import CLIENT_HEADERS
    from bench.sessions import session_cookie
    from bench.urls import Unavailable

    result = {"label": page.label, "login": page.login, "path": None, "available": False}
    try:
        result["path"] = page.resolve()
    except Unavailable as exc:
        result["reason"] = str(exc)
        return result
    client = Client(HTTP_HOST="127.0.0.1", headers=CLIENT_HEADERS)
    if page.login:
        try:
            result["cookie"] = session_cookie(page.login)
        except Exception as exc:  # any failure only makes this row unavailable
            result["reason"] = f"no session for {page.login}: {exc}"
            return result
        client.cookies.load(result["cookie"])
    try:
        # The first request fills per-process caches (content types, templates,
        # a page cache if any); the second is what a warm worker does.
        _, queries_cold = measure(client, result["path"])
        warm, queries_warm = measure(client, result["path"])
    except Exception as exc:  # a crashing page is reported, not fatal
        result["reason"] = f"error: {type(exc).__name__}: {exc}"[:200]
        return result
    result.update(
        status=warm.status_code,
        bytes=len(warm.content),
        content_type=warm.get("Content-Type", ""),
        cache_control=warm.get("Cache-Control", ""),
        vary=warm.get("Vary", ""),
        etag=warm.get("ETag", ""),
        last_modified=warm.get("Last-Modified", ""),
        queries_cold=queries_cold,
        queries_warm=queries_warm,
    )
    if warm.status_code != 200:
        result["reason"] = f"answers {warm.status_code}"
        return result
    result["available"] = True
    result["conditional"] = conditional_get(client, result)
    return result


def conditional_get(client, result: dict) -> dict | None:
    """Repeat the request with its validator: a cheap 304 is one of issue 9's targets."""
    headers = {}
    if result["etag"]:
        headers["If-None-Match"] = result["etag"]
    if result["last_modified"]:
        headers["If-Modified-Since"] = result["last_modified"]
    if not headers:
        return None
    response, queries = measure(client, result["path"], headers)
    return {"status": response.status_code, "queries": queries}


def typical_page(results: list[dict]) -> str | None:
    """The anonymous HTML page of median size: its bytes become the floor's body."""
    html = [
        r
        for r in results
        if r["available"] and not r["login"] and r["content_type"].startswith("text/html")
    ]
    if not html:
        return None
    middle = statistics.median_low([r["bytes"] for r in html])
    return next(r["label"] for r in html if r["bytes"] == middle)


def forget_stored_cache() -> None:
    """Empty the cache table of the bench's database, so cold requests start alike.

    A kept database (--keep-db) still held what earlier runs stored there, so a "cold"
    request found the ICS feed built (4 queries) where the fresh small database built and
    stored it (10): the scaling check compared the two states, not the two sizes. Redis
    needs nothing (each run has its own key prefix; clearing it would flush the server).
    """
    from django.conf import settings
    from django.core.cache import caches

    for alias, config in settings.CACHES.items():
        if config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            caches[alias].clear()


def selected(pages, only: list[str]):
    """The pages whose label contains one of ``only`` (all when empty); none is a mistake
    (``--only`` takes a label, not a path), said at once rather than after the seeding."""
    chosen = [page for page in pages if not only or any(part in page.label for part in only)]
    if not chosen:
        labels = ", ".join(page.label for page in pages)
        raise SystemExit(f"--only {' '.join(only)}: no page's label contains it; labels: {labels}")
    return chosen


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--floor-body", type=Path, help="write a typical page's bytes here")
    parser.add_argument("--only", action="append", default=[], help="label substrings")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Count queries without the per-process memo of content versions, so a count
    # does not depend on how long the request before it took.
    os.environ["CONTENT_VERSION_TTL"] = "0"
    import django

    django.setup()
    from django.test import Client

    from bench.proxy import STORM_URLS
    from bench.urls import PAGES, storm_paths

    forget_stored_cache()

    pages = selected(PAGES, args.only)
    results = [probe_page(page) for page in pages]
    document = {"pages": results, "floor_source": None, "floor_bytes": None}
    document["storm_paths"] = storm_paths(STORM_URLS)
    if args.floor_body:
        source = typical_page(results)
        if source:
            path = next(r["path"] for r in results if r["label"] == source)
            body = Client(HTTP_HOST="127.0.0.1").get(path).content
        else:
            # Nothing to copy yet (no HTML page answers): a plausible page-sized body.
            source, body = "generated", b"<!doctype html><p>" + b"x" * 20_000 + b"</p>\n"
        args.floor_body.write_bytes(body)
        document.update(floor_source=source, floor_bytes=len(body))
    args.out.write_text(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

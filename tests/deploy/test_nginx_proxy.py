"""deploy/nginx/portal.conf, run by nginx on loopback in front of a canned upstream
(tests/loopback.py) whose every answer and hit the tests control. The same file in front
of the real site is in test_nginx_site.py."""

import gzip
import re
import subprocess
import time

import pytest
from django.conf import settings
from django.urls import reverse

from community.material_files import MATERIAL_MAX_BYTES
from community.uploads import MAX_UPLOAD_BYTES
from deploy.nginx.render import TEMPLATE, ProxySettings, render
from kits.models import ATTACHMENT_MAX_BYTES
from tests.deploy.proxy import NginxProxy, needs_nginx
from tests.loopback import LoopbackServer

PUBLIC = "public, max-age=300, s-maxage=60"
# nginx counts expiry in whole seconds: "s-maxage=1" is over between 1 and 2 s later.
SECOND_PAST = 2.1
HTML = b"<!doctype html><title>Events</title>" + b"<p>An event near you.</p>" * 40


@pytest.fixture
def upstream():
    server = LoopbackServer().start()
    yield server
    server.stop()


@pytest.fixture
def proxy_for():
    started = []

    def start(upstream, **overrides):
        proxy = NginxProxy(f"127.0.0.1:{upstream.port}", **overrides)
        started.append(proxy)
        return proxy.start()

    yield start
    for proxy in started:
        proxy.stop()


def page(upstream, path, body=HTML, cache_control=PUBLIC, headers=None):
    """``path`` answers ``body`` as Django's public pages do; the body may depend on the
    request (a callable of the handler)."""

    def answer(handler):
        data = body(handler) if callable(body) else body
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Vary", "Cookie")
        if cache_control:
            handler.send_header("Cache-Control", cache_control)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    upstream.route(path, answer)


def whose(handler) -> bytes:
    """A page that names the session it was rendered for."""
    cookie = handler.headers.get("Cookie", "")
    found = re.search(r"sessionid=(\w+)", cookie)
    return b"<p>page of " + (found.group(1).encode() if found else b"nobody") + b"</p>" * 20


def body_of(answer) -> bytes:
    if answer.header("Content-Encoding") == "gzip":
        return gzip.decompress(answer.body)
    return answer.body


# --- the configuration itself ------------------------------------------------------------


@needs_nginx
def test_nginx_accepts_the_production_configuration():
    proxy = NginxProxy("127.0.0.1:9")
    try:
        done = subprocess.run(proxy.command("-t"), capture_output=True, text=True, timeout=30)
    finally:
        proxy.stop()
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_every_placeholder_is_filled_and_odd_values_are_refused():
    rendered = render(ProxySettings("127.0.0.1:8000", "80", "/srv/static", "/var/cache/p", "/run"))
    assert not re.search(r"@[A-Z_]+@", rendered)
    assert "server 127.0.0.1:8000;" in rendered
    with pytest.raises(ValueError, match="app_server"):
        render(ProxySettings("127.0.0.1:8000; }", "80", "/s", "/c", "/r"))


def test_body_size_limits_match_the_uploads_the_site_accepts():
    text = TEMPLATE.read_text()
    front = text.split("\nserver {")[1]  # the server readers reach

    def limit(after: str) -> int:
        block = front[front.index(after) :]
        size = re.search(r"client_max_body_size (\d+)m;", block).group(1)
        return int(size) * 1024 * 1024

    general = limit("listen")
    assert general >= max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, MAX_UPLOAD_BYTES)
    assert general <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024
    kits = limit("location /kits/")
    assert ATTACHMENT_MAX_BYTES < kits <= ATTACHMENT_MAX_BYTES + 1024 * 1024
    admin = limit("location /admin/")
    assert MATERIAL_MAX_BYTES < admin <= MATERIAL_MAX_BYTES + 1024 * 1024


FORM_URLS = [
    ("account_login", []),
    ("account_signup", []),
    ("account_reset_password", []),
    ("events:submit", []),
    ("jobs:job-create", []),
    ("jobs:job-submit", [1]),
    ("kits:booking-request", []),
    ("kits:booth-new", []),
    ("representatives:application-create", []),
]


@pytest.mark.parametrize(("name", "args"), FORM_URLS)
def test_every_form_that_creates_accounts_sessions_or_submissions_is_rate_limited(name, args):
    limited = re.findall(r"location ~ (\S+) \{\n\s+limit_req ", TEMPLATE.read_text())
    assert limited
    path = reverse(name, args=args)
    assert any(re.match(pattern, path) for pattern in limited), path


def test_the_bypass_reads_the_cookie_django_keeps_the_session_in():
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    assert "$cookie_sessionid" in TEMPLATE.read_text()


# --- the cache -----------------------------------------------------------------------------


@needs_nginx
def test_an_anonymous_page_is_answered_from_the_cache(upstream, proxy_for):
    page(upstream, "/events/")
    proxy = proxy_for(upstream)
    first = proxy.get("/events/", Accept_Encoding="gzip")
    second = proxy.get("/events/", Accept_Encoding="gzip")
    assert (first.status, first.cache) == (200, "MISS")
    assert (second.status, second.cache) == (200, "HIT")
    assert upstream.hits == ["/events/"]
    # Compressed once on the way into the cache; a client without gzip gets it unpacked.
    assert second.header("Content-Encoding") == "gzip"
    assert body_of(second) == HTML
    plain = proxy.get("/events/")
    assert (plain.cache, plain.header("Content-Encoding"), plain.body) == ("HIT", "", HTML)


@needs_nginx
def test_a_session_cookie_bypasses_the_cache_and_is_never_stored(upstream, proxy_for):
    page(upstream, "/", body=whose)
    proxy = proxy_for(upstream)
    # A signed-in reader first: even a page marked public is not kept for the others.
    alice = proxy.get("/", Cookie="sessionid=alice")
    assert (alice.cache, body_of(alice)) == ("BYPASS", whose_body("alice"))
    anonymous = proxy.get("/")
    assert (anonymous.cache, body_of(anonymous)) == ("MISS", whose_body(None))
    bob = proxy.get("/", Cookie="csrftoken=abc; sessionid=bob")
    assert (bob.cache, body_of(bob)) == ("BYPASS", whose_body("bob"))
    # The CSRF cookie alone changes nothing: the anonymous copy is shared.
    with_csrf = proxy.get("/", Cookie="csrftoken=abc")
    assert (with_csrf.cache, body_of(with_csrf)) == ("HIT", whose_body(None))
    assert len(upstream.hits) == 3


def whose_body(user) -> bytes:
    return b"<p>page of " + (user or "nobody").encode() + b"</p>" * 20


@needs_nginx
@pytest.mark.parametrize(
    ("cache_control", "headers"),
    [
        ("private, no-cache", {}),
        ("private, max-age=60", {}),
        ("no-store", {}),
        (PUBLIC, {"Set-Cookie": "csrftoken=abc; Path=/"}),
        ("", {}),  # Django said nothing: nothing is assumed
    ],
)
def test_what_django_does_not_mark_public_is_not_stored(
    upstream, proxy_for, cache_control, headers
):
    page(upstream, "/page/", cache_control=cache_control, headers=headers)
    proxy = proxy_for(upstream)
    assert proxy.get("/page/").cache == "MISS"
    assert proxy.get("/page/").cache == "MISS"
    assert len(upstream.hits) == 2


@needs_nginx
def test_tracking_parameters_share_the_page_without_them(upstream, proxy_for):
    for path in ("/jobs/?utm_source=news", "/jobs/?page=2&utm_campaign=x"):
        page(upstream, path)
    proxy = proxy_for(upstream)
    assert proxy.get("/jobs/?utm_source=news").cache == "MISS"
    for same in ("/jobs/", "/jobs/?utm_medium=mail&utm_source=b&fbclid=Iw1&gclid=C2"):
        assert proxy.get(same).cache == "HIT", same
    # Other parameters still make another page, whatever tracking comes with them.
    assert proxy.get("/jobs/?page=2&utm_campaign=x").cache == "MISS"
    assert proxy.get("/jobs/?utm_term=y&page=2").cache == "HIT"
    assert proxy.get("/jobs/?fbclid=1&page=2&utm_content=z").cache == "HIT"
    assert len(upstream.hits) == 2


@needs_nginx
def test_conditional_requests_are_answered_by_nginx(upstream, proxy_for):
    modified = "Sat, 28 Nov 2026 10:00:00 GMT"
    page(upstream, "/feed/", headers={"ETag": '"v1"', "Last-Modified": modified})
    proxy = proxy_for(upstream)
    first = proxy.get("/feed/", Accept_Encoding="gzip")
    etag = first.header("ETag")
    assert etag in ('"v1"', 'W/"v1"')  # weak once gzipped, as nginx marks it
    by_etag = proxy.get("/feed/", Accept_Encoding="gzip", If_None_Match=etag)
    by_date = proxy.get("/feed/", Accept_Encoding="gzip", If_Modified_Since=modified)
    assert (by_etag.status, by_etag.cache, by_etag.body) == (304, "HIT", b"")
    assert (by_date.status, by_date.cache) == (304, "HIT")
    assert upstream.hits == ["/feed/"]


@needs_nginx
def test_a_copy_is_refreshed_after_django_s_s_maxage(upstream, proxy_for):
    versions = iter([b"first" * 60, b"second" * 60])
    current = {"body": next(versions)}
    page(
        upstream,
        "/events/",
        body=lambda handler: current["body"],
        cache_control="public, s-maxage=1",
    )
    proxy = proxy_for(upstream)
    assert body_of(proxy.get("/events/")) == b"first" * 60
    current["body"] = next(versions)
    assert body_of(proxy.get("/events/")) == b"first" * 60  # within s-maxage
    time.sleep(SECOND_PAST)
    stale = proxy.get("/events/")  # answered at once; refreshed behind it
    assert (stale.cache, body_of(stale)) == ("STALE", b"first" * 60)
    deadline = time.monotonic() + 2
    while body_of(proxy.get("/events/")) != b"second" * 60:
        assert time.monotonic() < deadline, "the background update did not land"
        time.sleep(0.05)


@pytest.mark.slow
@needs_nginx
def test_a_page_nobody_read_for_a_while_is_fresh_within_10_s(upstream, proxy_for):
    # After s-maxage nginx would answer the next reader from its stale copy, however old:
    # `inactive` drops a copy nobody reads. Its cache manager checks again when the oldest
    # copy is due, or 10 s after it found the cache empty (as it is when nginx starts): the
    # bound is 10 s, 7 s on a warm cache with the production values.
    current = {"body": b"old" * 100}
    page(
        upstream,
        "/events/",
        body=lambda handler: current["body"],
        cache_control="public, s-maxage=1",
    )
    proxy = proxy_for(upstream, cache_inactive="1s")
    assert body_of(proxy.get("/events/")) == b"old" * 100
    current["body"] = b"new" * 100
    time.sleep(10.2)
    after_quiet = proxy.get("/events/")
    assert (after_quiet.cache, body_of(after_quiet)) == ("MISS", b"new" * 100)


# --- faults ----------------------------------------------------------------------------------


@needs_nginx
def test_with_the_app_down_cached_pages_are_served_stale_and_others_get_the_503_page(
    upstream, proxy_for
):
    page(upstream, "/events/", cache_control="public, s-maxage=1")
    proxy = proxy_for(upstream)
    assert proxy.get("/events/").cache == "MISS"
    time.sleep(SECOND_PAST)
    upstream.stop()
    stale = proxy.get("/events/")
    assert (stale.status, stale.cache, body_of(stale)) == (200, "STALE", HTML)
    missing = proxy.get("/jobs/")
    assert missing.status == 503
    assert b"We&#x27;ll be right back" in missing.body or b"We'll be right back" in missing.body
    assert missing.header("Retry-After") == "60"
    assert "no-store" in missing.header("Cache-Control")
    assert b"<center>nginx" not in missing.body  # nginx's own error page
    assert "frame-ancestors 'none'" in missing.header("Content-Security-Policy")
    assert missing.header("X-Content-Type-Options") == "nosniff"


@needs_nginx
def test_static_files_come_from_collectstatic_with_far_future_headers_for_hashed_names(
    upstream, proxy_for
):
    proxy = proxy_for(upstream)
    static = proxy.prefix / "static"
    css = b"body { color: #111; }" * 40
    for name in ("site.css", "site.0123456789ab.css"):
        (static / name).write_bytes(css)
        (static / name).chmod(0o644)
    hashed = proxy.get("/static/site.0123456789ab.css", Accept_Encoding="gzip")
    assert hashed.status == 200
    assert hashed.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert hashed.header("X-Content-Type-Options") == "nosniff"
    assert body_of(hashed) == css
    plain = proxy.get("/static/site.css")
    assert (plain.status, plain.header("Cache-Control"), plain.body) == (200, "max-age=3600", css)
    assert upstream.hits == []  # never asked of the app


# --- limits ----------------------------------------------------------------------------------


@needs_nginx
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/events/submit/", "/regions/apply/"]
)
def test_a_burst_at_the_forms_is_refused_by_nginx(upstream, proxy_for, path):
    page(upstream, path, cache_control="private, no-cache")
    proxy = proxy_for(upstream, form_burst="3")
    statuses = [proxy.get(path).status for _ in range(8)]
    assert statuses[:4] == [200] * 4  # the burst: one plus three
    assert set(statuses[4:]) == {429}
    assert len(upstream.hits) == 4
    # Reading pages is not limited.
    page(upstream, "/events/")
    assert {proxy.get("/events/").status for _ in range(20)} == {200}


@needs_nginx
def test_request_bodies_over_the_upload_limits_are_refused(upstream, proxy_for):
    proxy = proxy_for(upstream)
    seven_mb = b"x" * (7 * 1024 * 1024)
    assert proxy.request("/jobs/new/", method="POST", body=seven_mb).status == 413
    # The kits take 10 MB attachments: this body passes on to the app.
    assert proxy.request("/kits/shipments/new/", method="POST", body=seven_mb).status != 413

"""community.fetch on its own: which URLs and addresses it refuses, what it sends, how it
bounds time and size, and the words of each failure.

The feed import's tests (tests/events/test_feed_fetch_guard.py) show the guard at work
on group feeds. Like them, these send nothing outside loopback: the ``network`` fixture
answers chosen names and refuses every connection that is not to loopback.
"""

import errno
import ipaddress
import socket
import ssl
import struct
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from community import fetch
from community.fetch import (
    USER_AGENT,
    FetchFailed,
    FetchRefused,
    fetch_public,
    is_public_address,
    validate_public_url,
)

FEED_HOST = "feed.example.org"


def fetched(url, **kwargs):
    kwargs.setdefault("timeout", 5)
    kwargs.setdefault("max_bytes", 10_000)
    return fetch_public(url, **kwargs)


def failure(url, **kwargs):
    with pytest.raises(FetchFailed) as failed:
        fetched(url, **kwargs)
    return str(failed.value)


# --- addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "2606:4700::1111",
        "::ffff:8.8.8.8",  # IPv4-mapped form of a public address
        "2002:808:808::1",  # 6to4 of 8.8.8.8
        "64:ff9b::808:808",  # NAT64 of 8.8.8.8
    ],
)
def test_public_addresses_and_their_ipv6_forms_are_public(address):
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "100.64.0.1",  # carrier-grade NAT: neither private nor global
        "224.0.0.1",  # multicast, which Python counts as global
        "ff0e::1",  # global-scope multicast
        "fec0::1",  # site local, which Python counts as global
        "4000::1",  # reserved, unassigned, which Python counts as global
        "64:ff9b:1::a00:1",  # local-use NAT64
        "::ffff:10.0.0.1",
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    ],
)
def test_non_public_addresses_and_their_ipv6_forms_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


# --- the URL validator of forms and models ---------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/feed.ics", "Only http and https URLs are fetched, not ftp."),
        (
            "example.org/feed.ics",
            "Only http and https URLs are fetched, and this one has no scheme.",
        ),
        ("http:///feed.ics", "The URL has no host name."),
        ("http://user@example.org/feed.ics", "URLs with a user name or password are not fetched."),
        (
            "http://:secret@example.org/feed.ics",
            "URLs with a user name or password are not fetched.",
        ),
        ("http://example.org:99999/feed.ics", "This is not a valid URL."),
    ],
)
def test_the_validator_refuses_urls_that_are_never_fetched(url, message):
    with pytest.raises(ValidationError) as refused:
        validate_public_url(url)
    assert refused.value.messages == [message]


def selectable_id(url):
    # An IPv6 literal's brackets in a test id make the id one pytest cannot select again
    # (mutmut selects each function's tests by id).
    return url.replace("[", "(").replace("]", ")")


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/feed.ics",
        "http://[::1]:8000/feed.ics",
        "http://localhost/feed.ics",
        "http://LocalHost:8000/feed.ics",
        "http://feeds.localhost/feed.ics",
        "http://FEEDS.LOCALHOST/feed.ics",
    ],
    ids=selectable_id,
)
def test_the_validator_refuses_local_names_and_non_public_addresses(url):
    with pytest.raises(ValidationError) as refused:
        validate_public_url(url)
    assert refused.value.messages == ["This address is not on the public internet."]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.meetup.com/pug-berlin/events/ical/",
        "HTTP://example.org/feed.ics",
        "http://8.8.8.8/feed.ics",
        "http://[2606:4700::1111]/feed.ics",
        "http://notlocalhost.example/feed.ics",
    ],
    ids=selectable_id,
)
def test_the_validator_accepts_public_http_urls(url):
    validate_public_url(url)


def test_listed_hosts_may_be_local_whatever_their_case_or_brackets(settings):
    settings.FETCH_ALLOWED_HOSTS = ["LocalHost", "[::1]"]
    validate_public_url("http://localhost:8000/feed.ics")
    validate_public_url("http://[::1]:8000/feed.ics")
    with pytest.raises(ValidationError):
        validate_public_url("http://10.0.0.1/feed.ics")


# --- what is sent, and where -------------------------------------------------------------


def recording(server, path, body=b"BEGIN:VCALENDAR"):
    """Serve ``body`` at ``path``; the request headers of each hit are kept."""
    seen = []

    def answer(handler):
        seen.append(dict(handler.headers))
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.route(path, answer)
    return seen


def test_the_request_names_the_portal_the_host_and_what_it_accepts(loopback_server):
    seen = recording(loopback_server, "/feed.ics")
    assert fetched(loopback_server.url("/feed.ics"), accept="text/calendar") == b"BEGIN:VCALENDAR"
    assert seen[0]["User-Agent"] == USER_AGENT
    assert seen[0]["Accept"] == "text/calendar"
    assert seen[0]["Host"] == f"127.0.0.1:{loopback_server.port}"
    # One request per connection: nothing is left open to the server after the body.
    assert seen[0]["Connection"] == "close"
    fetched(loopback_server.url("/feed.ics"))
    assert seen[1]["Accept"] == "*/*"


def test_the_path_and_query_are_asked_for_and_a_bare_host_asks_for_the_root(loopback_server):
    recording(loopback_server, "/feed.ics?group=berlin&year=2026")
    recording(loopback_server, "/")
    fetched(loopback_server.url("/feed.ics?group=berlin&year=2026"))
    fetched(loopback_server.url(""))
    assert loopback_server.hits == ["/feed.ics?group=berlin&year=2026", "/"]


@pytest.mark.parametrize(("scheme", "port"), [("http", 80), ("https", 443)])
def test_a_url_without_a_port_connects_to_the_schemes_port(network, scheme, port):
    network.resolve(FEED_HOST, "93.184.215.14")
    assert failure(f"{scheme}://{FEED_HOST}/feed.ics") == "Connection refused."
    assert network.connects == [("93.184.215.14", port)]


def test_the_host_header_leaves_out_the_default_port(loopback_server, monkeypatch):
    monkeypatch.setitem(fetch.DEFAULT_PORTS, "http", loopback_server.port)
    seen = recording(loopback_server, "/feed.ics")
    fetched("http://127.0.0.1/feed.ics")
    assert seen[0]["Host"] == "127.0.0.1"


def test_the_next_checked_address_is_tried_when_one_refuses(loopback_server, network, settings):
    settings.FETCH_ALLOWED_HOSTS = [FEED_HOST]
    # The first address is refused by the fixture: nothing leaves the machine.
    network.resolve(FEED_HOST, "93.184.215.14", "127.0.0.1")
    seen = recording(loopback_server, "/feed.ics")
    url = f"http://{FEED_HOST}:{loopback_server.port}/feed.ics"
    assert fetched(url) == b"BEGIN:VCALENDAR"
    port = loopback_server.port
    assert network.connects == [("93.184.215.14", port), ("127.0.0.1", port)]
    # The name, not the address connected to, is the Host the server sees.
    assert seen[0]["Host"] == f"{FEED_HOST}:{port}"


def test_a_host_name_the_resolver_does_not_know_is_not_fetched(network, monkeypatch):
    def unknown(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    assert failure(f"http://{FEED_HOST}/feed.ics") == "The host name could not be resolved."
    assert network.connects == []


def test_a_host_resolving_to_nothing_is_not_fetched(network, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [])
    assert failure(f"http://{FEED_HOST}/feed.ics") == "The host name could not be resolved."
    assert network.connects == []


def test_a_refused_address_is_named_for_what_it_is(network):
    network.resolve(FEED_HOST, "10.0.0.1")
    with pytest.raises(FetchRefused) as refused:
        fetched(f"http://{FEED_HOST}/feed.ics")
    assert str(refused.value) == (
        "Refused: the host resolves to a private, loopback or otherwise non-public address."
    )


# --- redirects and answers ---------------------------------------------------------------


def test_a_redirect_without_a_location_fails_and_says_so(loopback_server):
    def answer(handler):
        handler.send_response(302)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    loopback_server.route("/moved", answer)
    assert failure(loopback_server.url("/moved")) == (
        "The server answered HTTP 302 (Found) without saying where to."
    )


def test_the_number_of_redirects_followed_is_the_callers(loopback_server):
    recording(loopback_server, "/feed.ics")
    loopback_server.redirect("/once", "/feed.ics")
    assert fetched(loopback_server.url("/once"), max_redirects=1) == b"BEGIN:VCALENDAR"
    with pytest.raises(FetchRefused, match=r"^Refused: more than 0 redirects\.$"):
        fetched(loopback_server.url("/once"), max_redirects=0)


def test_a_chain_longer_than_the_limit_is_refused(loopback_server):
    recording(loopback_server, "/feed.ics")
    loopback_server.redirect("/three", "/two")
    loopback_server.redirect("/two", "/one")
    loopback_server.redirect("/one", "/feed.ics")
    assert fetched(loopback_server.url("/three"), max_redirects=3) == b"BEGIN:VCALENDAR"
    with pytest.raises(FetchRefused, match=r"^Refused: more than 2 redirects\.$"):
        fetched(loopback_server.url("/three"), max_redirects=2)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (300, "The server answered HTTP 300 (Multiple Choices)."),
        (404, "The server answered HTTP 404 (Not Found)."),
        (599, "The server answered HTTP 599."),
    ],
)
def test_an_answer_other_than_success_fails_with_its_status(loopback_server, status, message):
    loopback_server.serve("/feed.ics", b"", status=status)
    assert failure(loopback_server.url("/feed.ics")) == message


@pytest.mark.parametrize("status", [200, 203, 299])
def test_every_success_status_gives_the_body(loopback_server, status):
    loopback_server.serve("/feed.ics", b"BEGIN:VCALENDAR", status=status)
    assert fetched(loopback_server.url("/feed.ics")) == b"BEGIN:VCALENDAR"


def test_a_declared_length_over_the_cap_is_refused_before_reading(loopback_server):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(512 * 1024 + 1))
        handler.end_headers()  # and no body: the client must not wait for one

    loopback_server.route("/big.ics", answer)
    # Waiting for the body would end in a time-out instead.
    with pytest.raises(FetchRefused) as refused:
        fetched(loopback_server.url("/big.ics"), max_bytes=512 * 1024, timeout=2)
    assert str(refused.value) == "Refused: the answer is larger than 0.5 MB."


def answering(body: bytes, *, declared: bool):
    def answer(handler):
        handler.send_response(200)
        if declared:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def test_an_answer_without_a_declared_length_is_read_to_its_end(loopback_server):
    loopback_server.route("/feed.ics", answering(b"BEGIN:VCALENDAR", declared=False))
    assert fetched(loopback_server.url("/feed.ics")) == b"BEGIN:VCALENDAR"


@pytest.mark.parametrize("declared", [True, False])
def test_an_answer_of_exactly_the_cap_is_accepted(loopback_server, declared):
    loopback_server.route("/feed.ics", answering(b"X" * 1000, declared=declared))
    assert fetched(loopback_server.url("/feed.ics"), max_bytes=1000) == b"X" * 1000


def test_a_body_over_the_cap_is_refused_without_waiting_for_its_end(loopback_server):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "unknown")  # unreadable: the cap still holds
        handler.end_headers()
        handler.wfile.write(b"X" * 1001)
        handler.wfile.flush()
        time.sleep(3)  # the rest of an endless body

    loopback_server.route("/endless.ics", answer)
    # Reading on to the end of the body would end in a time-out instead.
    with pytest.raises(FetchRefused, match="larger than"):
        fetched(loopback_server.url("/endless.ics"), max_bytes=1000, timeout=2)


# --- time ----------------------------------------------------------------------------------


def test_a_server_that_never_answers_is_given_up_at_the_deadline(loopback_server):
    loopback_server.route("/silent.ics", lambda handler: time.sleep(3))
    started = time.monotonic()
    assert failure(loopback_server.url("/silent.ics"), timeout=0.5) == (
        "Timed out: the fetch took longer than 0.5 seconds."
    )
    assert time.monotonic() - started < 2.5


def test_a_slow_name_lookup_counts_against_the_deadline(network, monkeypatch):
    def slow_lookup(*args, **kwargs):
        time.sleep(3)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("8.8.8.8", 80))]

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    started = time.monotonic()
    assert failure(f"http://{FEED_HOST}/feed.ics", timeout=0.3) == (
        "Timed out: the fetch took longer than 0.3 seconds."
    )
    # Not after the lookup's own 3 s, which would time out just the same.
    assert time.monotonic() - started < 2
    assert network.connects == []


def test_a_stuck_name_lookup_is_left_to_a_daemon_thread(network, monkeypatch):
    # A resolver that never answers must not keep a worker process from exiting.
    release = threading.Event()

    def stuck_lookup(*args, **kwargs):
        release.wait(5)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", stuck_lookup)
    try:
        failure(f"http://{FEED_HOST}/feed.ics", timeout=0.2)
        lookups = [t for t in threading.enumerate() if t.name == "fetch-resolve"]
        assert lookups
        assert all(t.daemon for t in lookups)
    finally:
        release.set()


def test_a_quick_fetch_with_less_than_a_second_allowed_succeeds(loopback_server):
    recording(loopback_server, "/feed.ics")
    assert fetched(loopback_server.url("/feed.ics"), timeout=0.8) == b"BEGIN:VCALENDAR"


# --- the words of each failure ------------------------------------------------------------


def test_a_server_that_closes_without_answering(loopback_server):
    loopback_server.route("/feed.ics", lambda handler: None)
    assert failure(loopback_server.url("/feed.ics")) == (
        "The server closed the connection without answering."
    )


def test_a_server_that_resets_the_connection(loopback_server):
    def reset(handler):
        # SO_LINGER with no time: closing sends a reset instead of a goodbye.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    loopback_server.route("/feed.ics", reset)
    assert failure(loopback_server.url("/feed.ics")) == "The server reset the connection."


def test_a_server_that_does_not_speak_http(loopback_server):
    def garbage(handler):
        handler.wfile.write(b"SSH-2.0-OpenSSH\r\n\r\n")

    loopback_server.route("/feed.ics", garbage)
    assert failure(loopback_server.url("/feed.ics")) == "The server did not answer with valid HTTP."


def test_https_to_a_server_that_does_not_speak_tls(loopback_server, settings):
    recording(loopback_server, "/feed.ics")
    url = loopback_server.url("/feed.ics").replace("http://", "https://")
    assert failure(url) == "The TLS handshake failed."


def test_a_target_with_a_space_is_not_a_valid_url(loopback_server):
    assert failure(loopback_server.url("/feed .ics")) == "Refused: this is not a valid URL."
    assert loopback_server.hits == []


def test_a_certificate_that_cannot_be_verified():
    refused = ssl.SSLCertVerificationError(1, "certificate verify failed")
    assert fetch._describe(refused, 5) == "The server's TLS certificate could not be verified."


def test_other_connection_failures_say_what_the_system_said():
    unreachable = OSError(errno.EHOSTUNREACH, "No route to host")
    assert fetch._describe(unreachable, 5) == "The connection failed: No route to host."
    assert fetch._describe(OSError(), 5) == "The connection failed."
    assert fetch._describe(ValueError("bad"), 5) == "The connection failed."

"""Feed URLs reach only public addresses, over HTTP only, within one deadline and size.

No test sends traffic outside loopback: the ``network`` fixture resolves chosen names to
chosen addresses and refuses (and records) every connection that is not to loopback, so
a refusal is shown by the fetcher never trying to connect.
"""

import ssl
import time
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from community import fetch
from events import services
from events.services import ImportFailed, fetch_ics, import_group_feed
from representatives.models import UserGroup
from tests.community.test_fetch import recording
from tests.events.test_import_ics import ics, meetup
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db

FEED_HOST = "feed.example.org"


def failed_import(url):
    group = UserGroupFactory(ics_url=url, is_trusted=True)
    assert import_group_feed(group, timeout=5) is None
    group.refresh_from_db()
    assert group.last_import_status == UserGroup.ImportStatus.FAILED
    return group.last_import_message


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",  # cloud metadata
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "0.0.0.0",  # noqa: S104 - an answer to refuse, not an address to bind
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "::1",
        "::",
        "fe80::1",
        "fc00::1",  # unique local
        "fec0::1",  # site local
        "ff02::1",  # multicast
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:169.254.169.254",
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    ],
)
def test_a_feed_resolving_to_a_non_public_address_is_refused_before_connecting(network, address):
    network.resolve(FEED_HOST, address)
    message = failed_import(f"http://{FEED_HOST}/calendar.ics")
    assert "non-public address" in message
    assert network.connects == []


def test_one_private_address_among_public_ones_refuses_the_whole_host(network):
    network.resolve(FEED_HOST, "93.184.215.14", "10.0.0.1")
    message = failed_import(f"https://{FEED_HOST}/calendar.ics")
    assert "non-public address" in message
    assert network.connects == []


def test_the_socket_connects_to_the_address_that_was_checked(network):
    # The connection is refused by the fixture: nothing leaves the machine.
    network.resolve(FEED_HOST, "93.184.215.14")
    message = failed_import(f"http://{FEED_HOST}:8080/calendar.ics")
    assert message == "Connection refused."
    assert network.connects == [("93.184.215.14", 8080)]
    # Resolved once: a second answer from DNS could not be the one connected to.
    assert network.lookups == [FEED_HOST]


def test_loopback_is_refused_unless_listed_in_fetch_allowed_hosts(loopback_server, settings):
    loopback_server.serve("/feed.ics", ics(meetup()))
    settings.FETCH_ALLOWED_HOSTS = []
    assert "non-public address" in failed_import(loopback_server.url("/feed.ics"))
    assert loopback_server.hits == []
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    assert fetch_ics(loopback_server.url("/feed.ics")) == ics(meetup())


def test_a_feed_is_asked_for_as_calendar_text_first(loopback_server):
    seen = recording(loopback_server, "/feed.ics", body=ics(meetup()))
    assert fetch_ics(loopback_server.url("/feed.ics")) == ics(meetup())
    assert seen[0]["Accept"] == "text/calendar, text/plain;q=0.5, */*;q=0.1"


def test_a_redirect_to_ftp_is_refused(loopback_server):
    loopback_server.redirect("/feed.ics", "ftp://127.0.0.1/feed.ics")
    with pytest.raises(ImportFailed, match="only http and https URLs are fetched, not ftp"):
        fetch_ics(loopback_server.url("/feed.ics"))
    assert loopback_server.hits == ["/feed.ics"]


def test_a_redirect_to_a_private_address_is_refused_before_connecting(loopback_server, network):
    network.resolve("internal.example.org", "10.1.2.3")
    loopback_server.redirect("/feed.ics", "http://internal.example.org/admin")
    with pytest.raises(ImportFailed, match="non-public address"):
        fetch_ics(loopback_server.url("/feed.ics"))
    assert network.outside_connects == []


def test_a_redirect_to_the_metadata_address_is_refused(loopback_server, network):
    loopback_server.redirect("/feed.ics", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ImportFailed, match="non-public address"):
        fetch_ics(loopback_server.url("/feed.ics"))
    assert network.outside_connects == []


def test_redirects_are_followed_a_few_times_only(loopback_server):
    loopback_server.serve("/feed.ics", ics(meetup()))
    loopback_server.redirect("/moved", "/feed.ics", status=301)
    assert fetch_ics(loopback_server.url("/moved")) == ics(meetup())
    loopback_server.redirect("/loop", "/loop")
    with pytest.raises(ImportFailed, match="more than 3 redirects"):
        fetch_ics(loopback_server.url("/loop"))
    assert loopback_server.hits.count("/loop") == 4


def test_a_feed_that_trickles_is_stopped_at_one_overall_deadline(loopback_server):
    # Each line arrives well within a per-read timeout; only an overall deadline stops it.
    lines = [b"BEGIN:VCALENDAR\r\n", *[b"X-PADDING:1\r\n"] * 12, b"END:VCALENDAR\r\n"]
    loopback_server.trickle("/slow.ics", lines, every=0.25)
    started = time.monotonic()
    with pytest.raises(ImportFailed, match="Timed out"):
        fetch_ics(loopback_server.url("/slow.ics"), timeout=1)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("content_length", [True, False])
def test_a_body_over_the_cap_is_refused(loopback_server, monkeypatch, content_length):
    monkeypatch.setattr(services, "MAX_FEED_BYTES", 1000)
    loopback_server.serve("/big.ics", b"X" * 1001, content_length=content_length)
    with pytest.raises(ImportFailed, match="larger than"):
        fetch_ics(loopback_server.url("/big.ics"))
    loopback_server.serve("/fits.ics", b"X" * 1000, content_length=content_length)
    assert len(fetch_ics(loopback_server.url("/fits.ics"))) == 1000


def test_messages_name_the_failure_and_never_echo_the_answer(loopback_server):
    loopback_server.serve("/gone.ics", b"internal secret", status=404, reason="SECRET-TOKEN")
    loopback_server.serve("/page.ics", b"<html>admin console: SECRET-TOKEN</html>")
    message = failed_import(loopback_server.url("/gone.ics"))
    assert message == "The server answered HTTP 404 (Not Found)."
    message = failed_import(loopback_server.url("/page.ics"))
    assert message == "This is not a readable iCalendar file."


def test_a_closed_port_says_connection_refused(loopback_server):
    loopback_server.stop()
    assert failed_import(loopback_server.url("/feed.ics")) == "Connection refused."


def test_an_unresolvable_host_says_so(network):
    assert failed_import("http://no-such-host.invalid/feed.ics") == (
        "The host name could not be resolved."
    )
    assert network.connects == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/feed.ics", "only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("/etc/passwd", "only http and https URLs are fetched, and this one has no scheme"),
        ("gopher://example.org/", "only http and https URLs are fetched, not gopher"),
        ("http://user:secret@example.org/feed.ics", "user name or password"),
    ],
)
def test_a_group_feed_must_be_an_http_url(network, url, message):
    assert message in failed_import(url)
    assert network.connects == []


@pytest.fixture
def tls_server(tmp_path, network, settings, monkeypatch):
    """An https server on 127.0.0.1 with a certificate for "localhost" that fetches trust."""
    from tests.loopback import LoopbackServer

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "cert.pem").write_bytes(pem)
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_names = []
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server_side.sni_callback = lambda _sock, server_name, _context: server_names.append(server_name)
    monkeypatch.setattr(
        fetch, "tls_context", lambda: ssl.create_default_context(cadata=pem.decode())
    )
    settings.FETCH_ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    server = LoopbackServer(tls=server_side).start()
    server.server_names = server_names
    yield server
    server.stop()


def test_https_checks_the_certificate_and_sni_against_the_host_name(tls_server, network):
    tls_server.serve("/feed.ics", ics(meetup()))
    assert fetch_ics(tls_server.url("/feed.ics", host="localhost")) == ics(meetup())
    assert tls_server.server_names == ["localhost"]
    assert network.lookups == ["localhost"]


def test_https_refuses_a_certificate_for_another_name(tls_server):
    tls_server.serve("/feed.ics", ics(meetup()))
    with pytest.raises(ImportFailed, match="TLS certificate could not be verified"):
        fetch_ics(tls_server.url("/feed.ics", host="127.0.0.1"))


def test_a_webcal_address_is_fetched_over_https(tls_server):
    tls_server.serve("/feed.ics", ics(meetup()))
    https = tls_server.url("/feed.ics", host="localhost")
    assert https.startswith("https://")
    assert fetch_ics("webcal://" + https.removeprefix("https://")) == ics(meetup())

"""Fetch a URL from the public internet, and nothing else.

Volunteers type feed URLs in, and the server fetches them: without a guard it becomes their
proxy into its own network (cloud metadata on 169.254.169.254, admin APIs on 10.x, services
on localhost), and the error messages become a port scanner. So:

- http and https only, for the first URL and every redirect (at most ``MAX_REDIRECTS``);
- the host is resolved here, every address it resolves to must be globally routable, and the
  socket connects to an address that was checked (DNS cannot answer differently the second
  time); the Host header, TLS SNI and certificate check still use the host name;
- the client speaks HTTP only (``http.client`` over our own socket; urllib's opener would
  also speak FTP and read local files, and honours proxy variables);
- one deadline for the whole fetch, not per socket read (a feed that trickled a line every
  5 s held the import for 122 s), and a cap on the body;
- messages say what kind of failure it was and never echo what the server sent.

``FETCH_ALLOWED_HOSTS`` lists host names (or IP literals) that may resolve to non-public
addresses, for development and tests against a local server.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_REDIRECTS = 3
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "PSF community portal (+https://www.python.org/psf/)"
# Gateways translate these IPv6 prefixes to the IPv4 address in their last 32 bits.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAT64_PREFIX = ipaddress.ip_network("64:ff9b:1::/48")


class FetchFailed(Exception):
    """The URL could not be fetched; the message names the kind of failure, never the body."""


class FetchRefused(FetchFailed):
    """The URL points where this site does not fetch from (scheme, address, size)."""


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` is globally routable, looking through IPv6 forms of IPv4."""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address.sixtofour is not None:
            return is_public_address(address.sixtofour)
        if address in NAT64_PREFIX:
            return is_public_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address in LOCAL_NAT64_PREFIX or address.is_site_local:
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _is_allowed_host(host: str) -> bool:
    allowed = {name.lower().strip("[]") for name in settings.FETCH_ALLOWED_HOSTS}
    return host.lower() in allowed


def _checked_parts(url: str):
    """(scheme, host, port, request target) of ``url``; FetchRefused when we never fetch it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused("Refused: this is not a valid URL.") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        which = f"not {scheme}" if scheme else "and this one has no scheme"
        raise FetchRefused(f"Refused: only http and https URLs are fetched, {which}.")
    if not parts.hostname:
        raise FetchRefused("Refused: the URL has no host name.")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("Refused: URLs with a user name or password are not fetched.")
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return scheme, parts.hostname, port or DEFAULT_PORTS[scheme], target


def validate_public_url(url: str) -> None:
    """Form and model validator: an http(s) URL whose host is not a non-public IP literal.

    Host names are resolved only when fetching (the answer may change; the fetch checks it).
    """
    try:
        _, host, _, _ = _checked_parts(url)
    except FetchRefused as exc:
        reason = str(exc).removeprefix("Refused: ")
        raise ValidationError(reason[:1].upper() + reason[1:]) from exc
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    is_local_name = host.lower() == "localhost" or host.lower().endswith(".localhost")
    if (is_local_name or (literal and not is_public_address(literal))) and not _is_allowed_host(
        host
    ):
        raise ValidationError("This address is not on the public internet.")


# --- the connection ------------------------------------------------------------------------


class _DeadlineMixin:
    """Each socket operation may take only what is left of the fetch's one deadline.

    A per-operation timeout alone lets a server that trickles a byte at a time keep the
    fetch alive forever, since every read returns just before its timeout.
    """

    deadline = float("inf")

    def _arm(self):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the fetch deadline passed")
        self.settimeout(remaining)

    def connect(self, address):
        self._arm()
        return super().connect(address)

    def do_handshake(self, *args, **kwargs):
        self._arm()
        return super().do_handshake(*args, **kwargs)

    def send(self, *args, **kwargs):
        self._arm()
        return super().send(*args, **kwargs)

    def sendall(self, *args, **kwargs):
        self._arm()
        return super().sendall(*args, **kwargs)

    def recv(self, *args, **kwargs):
        self._arm()
        return super().recv(*args, **kwargs)

    def recv_into(self, *args, **kwargs):
        self._arm()
        return super().recv_into(*args, **kwargs)


class _DeadlineSocket(_DeadlineMixin, socket.socket):
    pass


class _DeadlineSSLSocket(_DeadlineMixin, ssl.SSLSocket):
    pass


def tls_context() -> ssl.SSLContext:
    """The system's trust store with hostname checks (tests substitute their own CA)."""
    return ssl.create_default_context()


def _resolve(host: str, port: int, deadline: float) -> list[tuple]:
    """getaddrinfo within the deadline (the system resolver has no timeout argument)."""
    answer: dict = {}

    def look_up():
        try:
            answer["infos"] = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except (OSError, ValueError) as exc:  # ValueError: a name IDNA cannot encode
            answer["error"] = exc

    worker = threading.Thread(target=look_up, name="fetch-resolve", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0))
    if worker.is_alive():
        raise TimeoutError("resolving the host name took too long")
    if "infos" not in answer:
        raise FetchFailed("The host name could not be resolved.") from answer.get("error")
    return answer["infos"]


def _checked_addresses(host: str, port: int, deadline: float) -> list[tuple]:
    """The (family, sockaddr) pairs to connect to, each one checked before any connects."""
    infos = _resolve(host, port, deadline)
    if not infos:
        raise FetchFailed("The host name could not be resolved.")
    if not _is_allowed_host(host):
        for _family, _type, _proto, _name, sockaddr in infos:
            if not is_public_address(ipaddress.ip_address(sockaddr[0])):
                raise FetchRefused(
                    "Refused: the host resolves to a private, loopback or otherwise "
                    "non-public address."
                )
    return [(family, sockaddr) for family, _type, _proto, _name, sockaddr in infos]


def _open_socket(scheme: str, host: str, addresses: list[tuple], deadline: float):
    """A socket connected to the first checked address that answers, TLS-wrapped for https."""
    last_error: OSError | None = None
    for family, sockaddr in addresses:
        sock = _DeadlineSocket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.deadline = deadline
        try:
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            last_error = exc
            if isinstance(exc, TimeoutError):
                raise
            continue
        break
    else:
        raise last_error or OSError("no address to connect to")
    if scheme == "http":
        return sock
    context = tls_context()
    context.sslsocket_class = _DeadlineSSLSocket
    try:
        # SNI and the certificate check use the host name, not the address we connected to.
        tls = context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    except BaseException:
        sock.close()
        raise
    tls.deadline = deadline
    try:
        tls.do_handshake()
    except BaseException:
        tls.close()
        raise
    return tls


class _PinnedConnection(http.client.HTTPConnection):
    """http.client over a socket we opened to a checked address."""

    def __init__(self, host, port, *, default_port, open_socket):
        super().__init__(host, port)
        self.default_port = default_port  # so the Host header omits :443 for https
        self._open_socket = open_socket

    def connect(self):
        self.sock = self._open_socket()


def _describe(exc: BaseException, seconds: float) -> str:
    """What kind of failure ``exc`` is, in words that never carry the server's bytes."""
    if isinstance(exc, TimeoutError):
        return f"Timed out: the fetch took longer than {seconds:g} seconds."
    if isinstance(exc, ConnectionRefusedError):
        return "Connection refused."
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "The server's TLS certificate could not be verified."
    if isinstance(exc, ssl.SSLError):
        return "The TLS handshake failed."
    if isinstance(exc, http.client.RemoteDisconnected):
        return "The server closed the connection without answering."
    if isinstance(exc, ConnectionResetError):
        return "The server reset the connection."
    if isinstance(exc, http.client.InvalidURL):
        return "Refused: this is not a valid URL."
    if isinstance(exc, http.client.HTTPException):
        return "The server did not answer with valid HTTP."
    if isinstance(exc, OSError) and exc.strerror:
        return f"The connection failed: {exc.strerror}."
    return "The connection failed."


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return f"HTTP {status}"


def fetch_public(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    accept: str = "*/*",
    max_redirects: int = MAX_REDIRECTS,
) -> bytes:
    """The body of ``url``, fetched within ``timeout`` seconds in all from public hosts only.

    Raises FetchRefused for a URL we never fetch, FetchFailed for every other failure.
    """
    deadline = time.monotonic() + timeout
    redirects = 0
    while True:
        scheme, host, port, target = _checked_parts(url)
        try:
            addresses = _checked_addresses(host, port, deadline)
            connection = _PinnedConnection(
                host,
                port,
                default_port=DEFAULT_PORTS[scheme],
                open_socket=lambda s=scheme, h=host, a=addresses: _open_socket(s, h, a, deadline),
            )
            try:
                connection.request(
                    "GET",
                    target,
                    headers={"User-Agent": USER_AGENT, "Accept": accept, "Connection": "close"},
                )
                response = connection.getresponse()
                if response.status in REDIRECT_STATUSES:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchFailed(
                            f"The server answered {_status_text(response.status)} "
                            "without saying where to."
                        )
                    redirects += 1
                    if redirects > max_redirects:
                        raise FetchRefused(f"Refused: more than {max_redirects} redirects.")
                    url = urljoin(url, location.strip())
                    continue
                if not 200 <= response.status < 300:
                    raise FetchFailed(f"The server answered {_status_text(response.status)}.")
                length = response.getheader("Content-Length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise FetchRefused(_too_large(max_bytes))
                body = response.read(max_bytes + 1)
            finally:
                connection.close()
        except FetchFailed:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            # ValueError: http.client refuses a target with control characters.
            raise FetchFailed(_describe(exc, timeout)) from exc
        if len(body) > max_bytes:
            raise FetchRefused(_too_large(max_bytes))
        return body


def _too_large(max_bytes: int) -> str:
    return f"Refused: the answer is larger than {max_bytes / 1024 / 1024:g} MB."

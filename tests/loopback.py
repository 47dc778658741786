"""A web server on 127.0.0.1 that tests start, and a guard that keeps tests on loopback.

Tests that fetch URLs talk only to this server; anything else is refused at
``socket.connect`` (see ``LoopbackOnly``), so a test can show that the fetcher never even
tries to connect to an address it must refuse.
"""

import contextlib
import http.server
import ipaddress
import socket
import threading
import time


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        # The client may give up first (a deadline test): nothing left to answer then.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, *args):
        pass


class LoopbackServer:
    """Routes of canned answers: bodies, redirects, slow trickles, odd status lines."""

    def __init__(self, tls=None):
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.scheme = "https" if tls else "http"
        if tls:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        self._server.routes = {}
        self._server.hits = []
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def hits(self) -> list[str]:
        return self._server.hits

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def route(self, path, answer):
        self._server.routes[path] = answer

    def serve(self, path, body: bytes, *, status=200, reason=None, content_length=True):
        def answer(handler):
            handler.send_response(status, reason)
            handler.send_header("Content-Type", "text/calendar")
            if content_length:
                handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.route(path, answer)

    def redirect(self, path, location, *, status=302):
        def answer(handler):
            handler.send_response(status)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.route(path, answer)

    def trickle(self, path, lines: list[bytes], *, every: float):
        """Headers at once, then one line every ``every`` seconds (each read succeeds)."""

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            handler.end_headers()
            handler.wfile.flush()
            for line in lines:
                time.sleep(every)
                handler.wfile.write(line)
                handler.wfile.flush()

        self.route(path, answer)


def is_loopback(sockaddr) -> bool:
    return ipaddress.ip_address(sockaddr[0].split("%")[0]).is_loopback


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class LoopbackOnly:
    """Patches ``socket.connect`` to record every attempt and refuse all but loopback,
    and ``getaddrinfo`` to answer chosen addresses for chosen names (no real DNS)."""

    def __init__(self, monkeypatch):
        self.connects: list = []
        self.lookups: list[str] = []
        self.answers: dict[str, list[str]] = {}
        real_connect = socket.socket.connect
        real_getaddrinfo = socket.getaddrinfo

        def connect(sock, address):
            self.connects.append(address)
            if not is_loopback(address):
                raise ConnectionRefusedError("tests connect to loopback only")
            return real_connect(sock, address)

        def getaddrinfo(host, port, *args, **kwargs):
            self.lookups.append(host)
            if host in self.answers:
                return [self._info(address, port) for address in self.answers[host]]
            if _is_ip_literal(host) or host == "localhost":
                # No DNS query: literals resolve to themselves, localhost from /etc/hosts.
                return real_getaddrinfo(host, port, *args, **kwargs)
            raise socket.gaierror(socket.EAI_NONAME, "tests send no DNS queries")

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    @staticmethod
    def _info(address, port):
        stream = (socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
        if ":" in address:
            return (socket.AF_INET6, *stream, (address, port, 0, 0))
        return (socket.AF_INET, *stream, (address, port))

    def resolve(self, host: str, *addresses: str):
        self.answers[host] = list(addresses)

    @property
    def outside_connects(self) -> list:
        return [address for address in self.connects if not is_loopback(address)]

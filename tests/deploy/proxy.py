"""nginx with deploy/nginx/portal.conf on loopback, for the tests (issue 22).

``NginxProxy`` renders the production configuration with a free loopback port, a
temporary cache and the test's upstream, starts nginx in the foreground and stops it.
All traffic stays on 127.0.0.1.
"""

import contextlib
import http.client
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from deploy.nginx.render import ProxySettings, nginx_command, write_standalone

ROOT = Path(__file__).resolve().parent.parent.parent
UNAVAILABLE_PAGE = ROOT / "static" / "errors" / "unavailable.html"
START_TIMEOUT = 10


def find_nginx() -> str | None:
    # Debian puts it in /usr/sbin, which a non-login shell may not have on its PATH.
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/local/sbin:/usr/sbin:/sbin")


needs_nginx = pytest.mark.skipif(
    find_nginx() is None,
    reason="nginx is not installed (Debian: apt-get install nginx; `make test` installs it "
    "when run as root)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def cache(self) -> str:
        return self.header("X-Cache-Status")


class NginxProxy:
    """The rendered portal.conf in front of ``app_server`` (host:port), on a free port."""

    def __init__(self, app_server: str, **overrides):
        self.port = free_port()
        # Not pytest's tmp_path: when nginx starts as root its workers run as nobody, who
        # must get through to the cache and the socket (0o711) and read the static files.
        self.prefix = Path(tempfile.mkdtemp(prefix="portal-proxy-test-"))
        self.prefix.chmod(0o711)
        static = self.prefix / "static"
        (static / "errors").mkdir(parents=True)
        shutil.copy(UNAVAILABLE_PAGE, static / "errors" / "unavailable.html")
        for path in (static, static / "errors", static / "errors" / "unavailable.html"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        self.settings = replace(
            ProxySettings(
                app_server=app_server,
                listen=f"127.0.0.1:{self.port}",
                static_root=str(static),
                cache_dir=str(self.prefix / "cache"),
                run_dir=str(self.prefix),
            ),
            **overrides,
        )
        self.conf = write_standalone(self.prefix, self.settings)
        self.process = None

    def command(self, *flags: str) -> list[str]:
        return nginx_command(find_nginx(), self.prefix, self.conf, *flags)

    def start(self):
        self.process = subprocess.Popen(
            self.command(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + self.process.stderr.read().decode())
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen on 127.0.0.1:{self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: the workers finish first
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.prefix, ignore_errors=True)

    def request(
        self, path: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            connection.close()

    def get(self, path: str, **headers) -> Answer:
        return self.request(path, {k.replace("_", "-"): v for k, v in headers.items()})

"""Show the site surviving a PostgreSQL outage, with the embedded database.

Starts an embedded PostgreSQL in a temporary folder and gunicorn (production
settings) on it, then: requests pages, stops PostgreSQL, requests again (fast
503s, /healthz 503, no traceback), starts PostgreSQL, requests again (200s
without restarting gunicorn). Prints one line per request; exits 1 if any
expectation fails. Traffic stays on 127.0.0.1.

With --proxy, nginx with deploy/nginx/portal.conf stands in front (issue 22, section 3),
and a reader keeps reading the anonymous pages through it, as readers of a busy page do.
Through the proxy, those pages stay 200 (marked STALE) while PostgreSQL is down; /healthz,
never cached, answers Django's 503. Then gunicorn is stopped too: the cached pages are still
served stale, and a page nobody read yet gets the static 503 page from nginx.

    .venv/bin/python bench/db_outage.py [--proxy]
"""

import argparse
import contextlib
import gzip
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import find_program, free_port  # noqa: E402 - needs ROOT on sys.path
from deploy.nginx.render import (  # noqa: E402
    ProxySettings,
    nginx_command,
    write_standalone,
)

PORT = free_port()
PAGES = ["/", "/regions/", "/healthz"]
CACHED_PAGES = ["/", "/regions/"]  # anonymous pages a reader keeps reading through the proxy
UNREAD_PAGE = "/jobs/"  # asked for only once gunicorn is down
PROXY_PORT = free_port()


def get(path, port=PORT):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=15) as response:
            status, body, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), error.headers
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    if port != PORT:
        return status, body, (time.perf_counter() - started) * 1000, headers
    return status, body, (time.perf_counter() - started) * 1000


def check_proxy(phase, expected, failures):
    """``expected``: (path, status, X-Cache-Status or None, text the body must hold)."""
    for path, status_wanted, cache_wanted, text in expected:
        status, body, ms, headers = get(path, PROXY_PORT)
        cache = headers.get("X-Cache-Status", "-")
        ok = (
            status == status_wanted
            and (cache_wanted is None or cache == cache_wanted)
            and text.encode() in body
            and b"Traceback" not in body
        )
        print(
            f"{phase:<22} {path:<12} {status}  {ms:7.1f} ms  proxy {cache:<7} "
            f"{'ok' if ok else 'UNEXPECTED'}"
        )
        if not ok:
            failures.append((phase, path, status, cache))


class Reader(threading.Thread):
    """Reads the cached pages through the proxy every half second, as a busy site's
    readers do (nginx keeps a copy while someone reads it: `inactive`)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(0.5):
            for path in CACHED_PAGES:
                with contextlib.suppress(OSError):
                    get(path, PROXY_PORT)


def start_proxy(tmp):
    nginx = find_program("nginx")
    if nginx is None:
        raise SystemExit("--proxy needs nginx (Debian: apt-get install nginx)")
    prefix = Path(tmp) / "proxy"
    prefix.mkdir()
    Path(tmp).chmod(0o711)  # nginx's workers run as nobody when it starts as root
    prefix.chmod(0o711)
    conf = write_standalone(
        prefix,
        ProxySettings(
            app_server=f"127.0.0.1:{PORT}",
            listen=f"127.0.0.1:{PROXY_PORT}",
            static_root=str(ROOT / "staticfiles"),
            cache_dir=str(prefix / "cache"),
            run_dir=str(prefix),
        ),
    )
    process = subprocess.Popen(nginx_command(nginx, prefix, conf), start_new_session=True)
    for _ in range(50):
        try:
            get("/healthz", PROXY_PORT)
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("nginx did not start")


def check(phase, expected, failures):
    for path in PAGES:
        status, body, ms = get(path)
        ok = status == expected and b"Traceback" not in body
        print(f"{phase:<22} {path:<12} {status}  {ms:7.1f} ms  {'ok' if ok else 'UNEXPECTED'}")
        if not ok:
            failures.append((phase, path, status))


def main(argv=None):
    parser = argparse.ArgumentParser(description="The site through a PostgreSQL outage.")
    parser.add_argument("--proxy", action="store_true", help="with nginx in front (portal.conf)")
    args = parser.parse_args(argv)
    from pgserver._commands import pg_ctl

    from community import embedded_db

    failures = []
    proxy = reader = None
    with tempfile.TemporaryDirectory(prefix="portal-outage-") as tmp:
        pgdata = Path(tmp) / "pgdata"
        server = embedded_db.start(pgdata=pgdata)
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "EMBEDDED_PGDATA": str(pgdata),
            "TASKS_BACKEND": "immediate",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=300)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, timeout=300
        )
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "community.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            for _ in range(60):
                try:
                    get("/healthz")
                    break
                except OSError:
                    time.sleep(0.5)
            check("database up", 200, failures)
            if args.proxy:
                proxy = start_proxy(tmp)
                for path in CACHED_PAGES:
                    get(path, PROXY_PORT)
                reader = Reader()
                reader.start()
                check_proxy(
                    "database up",
                    [(path, 200, "HIT", "") for path in CACHED_PAGES],
                    failures,
                )
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user)
            print("-- PostgreSQL stopped")
            check("database down", 503, failures)
            if args.proxy:
                time.sleep(4)  # past s-maxage (3 s): what nginx serves now is a stale copy
                check_proxy(
                    "database down",
                    [(path, 200, "STALE", "") for path in CACHED_PAGES]
                    + [("/healthz", 503, None, "")],
                    failures,
                )
            with server._lock:
                server.ensure_postgres_running()
            print("-- PostgreSQL started again (gunicorn not restarted)")
            check("database back", 200, failures)
            if args.proxy:
                gunicorn.terminate()
                gunicorn.wait(timeout=30)
                print("-- gunicorn stopped")
                time.sleep(4)
                check_proxy(
                    "gunicorn down",
                    [(path, 200, "STALE", "") for path in CACHED_PAGES]
                    + [(UNREAD_PAGE, 503, None, "be right back")],
                    failures,
                )
        finally:
            if reader is not None:
                reader.stopped.set()
            if proxy is not None:
                proxy.terminate()
                proxy.wait(timeout=30)
            if gunicorn.poll() is None:
                gunicorn.terminate()
                gunicorn.wait(timeout=30)
            server.cleanup()
    if failures:
        print("FAILED:", failures)
        return 1
    print("The site failed fast with 503 while the database was down and recovered by itself.")
    if args.proxy:
        print(
            "Through the proxy, the pages being read stayed up (stale) through both outages; "
            "an unread page got nginx's static 503 page."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Show the site surviving a PostgreSQL outage, with the embedded database.

Starts an embedded PostgreSQL in a temporary folder and gunicorn (production
settings) on it, then: requests pages, stops PostgreSQL, requests again (fast
503s, /healthz 503, no traceback), starts PostgreSQL, requests again (200s
without restarting gunicorn). Prints one line per request; exits 1 if any
expectation fails. Traffic stays on 127.0.0.1.

    .venv/bin/python bench/db_outage.py
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port  # noqa: E402 - needs ROOT on sys.path

PORT = free_port()
PAGES = ["/", "/regions/", "/healthz"]


def get(path):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=15) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body, (time.perf_counter() - started) * 1000


def check(phase, expected, failures):
    for path in PAGES:
        status, body, ms = get(path)
        ok = status == expected and b"Traceback" not in body
        print(f"{phase:<22} {path:<12} {status}  {ms:7.1f} ms  {'ok' if ok else 'UNEXPECTED'}")
        if not ok:
            failures.append((phase, path, status))


def main():
    from pgserver._commands import pg_ctl

    from community import embedded_db

    failures = []
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
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user)
            print("-- PostgreSQL stopped")
            check("database down", 503, failures)
            with server._lock:
                server.ensure_postgres_running()
            print("-- PostgreSQL started again (gunicorn not restarted)")
            check("database back", 200, failures)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
            server.cleanup()
    if failures:
        print("FAILED:", failures)
        return 1
    print("The site failed fast with 503 while the database was down and recovered by itself.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

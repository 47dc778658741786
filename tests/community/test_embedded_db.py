import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest

from community import embedded_db

pytestmark = pytest.mark.slow


@pytest.fixture
def scratch():
    # Not pytest's tmp_path: concurrent pytest runs prune each other's basetemp.
    path = Path(tempfile.mkdtemp(prefix="portal-embedded-"))
    yield path
    # A test that failed may have left its server running: stop it (fast shutdown).
    pidfile = path / "pgdata" / "postmaster.pid"
    if pidfile.exists():
        with contextlib.suppress(ValueError, ProcessLookupError):
            os.kill(int(pidfile.read_text().split()[0]), signal.SIGINT)
            server_stops(path / "pgdata")
    shutil.rmtree(path, ignore_errors=True)


def test_embedded_postgres_starts_serves_a_query_and_has_the_extensions(scratch):
    tmp_path = scratch
    server = embedded_db.start(pgdata=tmp_path / "pgdata", database="embedded_check")
    try:
        settings = embedded_db.database_settings(server, "embedded_check")
        connection = psycopg2.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"],
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 40 + 2")
            assert cursor.fetchone() == (42,)
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("SELECT similarity('PyCon US', 'PyCon USA') > 0.5")
            assert cursor.fetchone() == (True,)
        connection.close()
        # Starting again reuses the running server and the existing database.
        assert embedded_db.start(pgdata=tmp_path / "pgdata", database="embedded_check") is server
    finally:
        server.cleanup()
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()


# A process that uses the embedded server until it is told to leave (a line on stdin).
USER_SCRIPT = """
import sys
from pathlib import Path
from community import embedded_db
embedded_db.start(pgdata=Path(sys.argv[1]), database="embedded_check")
print("ready", flush=True)
sys.stdin.readline()
"""


def start_user(pgdata):
    process = subprocess.Popen(
        [sys.executable, "-c", USER_SCRIPT, str(pgdata)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def server_stops(pgdata, within=20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not (pgdata / "postmaster.pid").exists():
            return True
        time.sleep(0.2)
    return False


def dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def test_server_stops_when_its_last_user_is_killed_with_sigterm(scratch):
    pgdata = scratch / "pgdata"
    user = start_user(pgdata)
    try:
        assert (pgdata / "postmaster.pid").exists()
        user.send_signal(signal.SIGTERM)  # `kill`, as a process manager or a script stops it
        user.wait(30)
        assert server_stops(pgdata), "the server outlived its last user"
    finally:
        user.kill()


def test_a_user_that_died_without_leaving_does_not_keep_the_server_running(scratch):
    pgdata = scratch / "pgdata"
    user = start_user(pgdata)
    try:
        handles = embedded_db.handle_list_path(pgdata)
        # As a process killed with SIGKILL leaves it: its pid still on the list.
        handles.write_text(json.dumps([*json.loads(handles.read_text()), dead_pid()]))
        user.communicate("leave\n", timeout=30)
        assert server_stops(pgdata), "a dead process kept the server running"
    finally:
        user.kill()
    # A list such a death left empty (killed while writing) does not stop the next start.
    handles.write_text("")
    server = embedded_db.start(pgdata=pgdata, database="embedded_check")
    server.cleanup()
    assert server_stops(pgdata)

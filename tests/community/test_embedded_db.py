import shutil
import tempfile
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

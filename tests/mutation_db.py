"""The test database under ``make mutate``: a copy of a migrated template, kept while clean.

mutmut starts one pytest session per mutant. Creating the test database by migrating
takes most of a minute, and reusing one (``--reuse-db``) does not work either: the
transactional tests empty every table as they end, so the next session would start
without the rows the data migrations create (calendars, groups). PostgreSQL copies a
template database in about a tenth of a second, so a session gets a migrated copy.

Most mutants are killed by their first test, in a second or two, and making the copy
cost more than that (measured on two shared cores: dropping the last copy 0.3 to 1.4 s,
serialising the copy for ``serialized_rollback`` 0.2 to 0.5 s, creating it 0.1 s). So:

- the serialised data is kept in the template (``mutation_template``), made once;
- a session whose tests all ran in a transaction that was rolled back (pytest-django's
  plain ``db``) leaves its copy as it found it, and marks it clean for the next session
  (a row in ``mutation_clean``). A session that runs a transactional test, or that dies
  (a mutant's time-out), leaves no mark, and the next session makes a new copy.

Django's flush empties only its models' tables, so these two survive it.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def _migrations_fingerprint() -> str:
    """Changes when a migration, or this module, is added, removed or edited: the template
    is rebuilt."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _use_database(name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _database_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def claim_clean_copy(fingerprint: str) -> str | None:
    """The kept copy's serialised data, taking its clean mark; None if it is not clean."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('mutation_clean') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("DELETE FROM mutation_clean RETURNING 1")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT fingerprint, serialized FROM mutation_template")
        row = cursor.fetchone()
    return row[1] if row and row[0] == fingerprint else None


def _make_template(test_name: str, template: str, fingerprint: str) -> None:
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=True)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE mutation_template (fingerprint text, serialized text)")
        cursor.execute(
            "INSERT INTO mutation_template VALUES (%s, %s)",
            [fingerprint, connection._test_serialized_contents],
        )
        cursor.execute("CREATE TABLE mutation_clean (mark boolean)")
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {_quote(template)} TEMPLATE {_quote(test_name)}")


def open_test_database() -> str:
    """Point the connection at a migrated copy (kept or new); returns the old name."""
    original = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    fingerprint = _migrations_fingerprint()
    template = f"{test_name}_tpl_{fingerprint}"
    if not _database_exists(template):
        _make_template(test_name, template, fingerprint)
        _use_database(test_name)
        return original
    if _database_exists(test_name):
        _use_database(test_name)
        serialized = claim_clean_copy(fingerprint)
        if serialized is not None:
            connection._test_serialized_contents = serialized
            return original
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(test_name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {_quote(test_name)} TEMPLATE {_quote(template)}")
    _use_database(test_name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT serialized FROM mutation_template")
        # What serialized_rollback tests restore (create_test_db keeps it the same way).
        connection._test_serialized_contents = cursor.fetchone()[0]
    return original


def mark_clean() -> None:
    """The next session may use this copy as it is."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO mutation_clean VALUES (true)")


def close_test_database(original: str, *, committed: bool) -> None:
    """Mark the copy clean for the next session unless a test committed to it."""
    if not committed:
        mark_clean()
    _use_database(original)


# Fixtures whose tests commit (pytest-django's transactional ones and what builds on them).
COMMITTING_FIXTURES = frozenset(
    {
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
)


def commits_to_database(item) -> bool:
    """Whether a test writes outside a rolled-back transaction, as pytest-django decides it."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool(COMMITTING_FIXTURES & set(item.fixturenames))

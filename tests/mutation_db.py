"""The test database under ``make mutate``: a fresh copy of a migrated template per run.

mutmut starts one pytest session per mutant. Creating the test database by migrating
takes most of a minute, and reusing one (``--reuse-db``) does not work either: the
transactional tests empty every table as they end, so the next session would start
without the rows the data migrations create (calendars, groups). PostgreSQL copies a
template database in about a second, so each session gets a freshly migrated copy.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def _migrations_fingerprint() -> str:
    """Changes when a migration is added, removed or edited: the template is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def fresh_test_database() -> str:
    """Point the connection at a new copy of the migrated template; returns the old name."""
    original = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    template = f"{test_name}_tpl_{_migrations_fingerprint()}"
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        template_exists = cursor.fetchone() is not None
    if not template_exists:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=True)
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {_quote(template)} TEMPLATE {_quote(test_name)}")
    else:
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(test_name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {_quote(test_name)} TEMPLATE {_quote(template)}")
        settings.DATABASES[connection.alias]["NAME"] = test_name
        connection.settings_dict["NAME"] = test_name
        # What serialized_rollback tests restore (create_test_db keeps it the same way).
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return original


def restore_database_name(original: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = original
    connection.settings_dict["NAME"] = original

"""Content versions: the cache-invalidation signal for public pages.

Every table of the apps in ``NAMESPACES`` gets a statement-level trigger that
bumps its app's row in ``community_contentversion``. A cached page's key includes
the versions of the apps it shows, so any write makes the old copy unreachable.
"""

import time
from datetime import datetime
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.db import connection

NAMESPACES = ("representatives", "events", "jobs", "kits", "community")
EXCLUDED_TABLES = {"community_contentversion"}

BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_bump_content_version() RETURNS trigger AS $$
BEGIN
    INSERT INTO community_contentversion (namespace, version, changed_at)
    VALUES (TG_ARGV[0], 1, clock_timestamp())
    ON CONFLICT (namespace) DO UPDATE
    SET version = community_contentversion.version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def tables_of(app_label):
    tables = set()
    for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables - EXCLUDED_TABLES)


def install_triggers():
    """Create or replace the bump trigger on every content table (idempotent)."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(BUMP_FUNCTION)
        for namespace in NAMESPACES:
            for table in tables_of(namespace):
                if table not in existing:
                    continue
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER portal_content_version "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quoted} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION portal_bump_content_version(%s)",
                    [namespace],
                )


class ContentState(NamedTuple):
    versions: tuple  # one per namespace, in the order asked
    changed_at: datetime | None  # the latest change among them; None before any write


# Per-process memo of recent answers: {namespaces: (valid_until, state)}.
_recent: dict[tuple, tuple[float, ContentState]] = {}


def content_state(namespaces) -> ContentState:
    """The versions of ``namespaces`` and their latest change: one small query, or none.

    With CONTENT_VERSION_TTL > 0 a process reuses its last answer for that many
    seconds, so a burst of cached pages costs no query at all; a change then shows
    within that time instead of at once (measured in bench/README.md).
    """
    key = tuple(namespaces)
    ttl = settings.CONTENT_VERSION_TTL
    now = time.monotonic()
    if ttl > 0:
        remembered = _recent.get(key)
        if remembered and remembered[0] > now:
            return remembered[1]
    # Raw SQL: the ORM's query building cost as much as the round trip here.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT namespace, version, changed_at FROM community_contentversion"
            " WHERE namespace = ANY(%s)",
            [list(key)],
        )
        found = {namespace: (version, changed) for namespace, version, changed in cursor}
    state = ContentState(
        versions=tuple(found.get(namespace, (0, None))[0] for namespace in key),
        changed_at=max((changed for _, changed in found.values()), default=None),
    )
    if ttl > 0:
        _recent[key] = (now + ttl, state)
    return state


def current_versions(namespaces) -> tuple:
    """The versions of ``namespaces``, in order (see ``content_state``)."""
    return content_state(namespaces).versions

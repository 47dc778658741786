"""The marketing material library: who may download what, saving an upload with its
preview, and download counts kept off the request's hot path."""

import threading
import time

from django.db import connection, transaction

from community.material_files import CheckedMaterial
from community.models import Material
from community.roles import ROLES

ROLE_NAMES = [role.name for role in ROLES]


def is_volunteer(user) -> bool:
    """Signed in and holding a role (or staff): may download internal material."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=ROLE_NAMES).exists()


def material_file_set(*, material: Material, checked: CheckedMaterial) -> None:
    """Put a checked file (and its preview) on ``material``; the caller saves it."""
    material.file.save(checked.stored_name, checked.content, save=False)
    material.file_format = checked.file_format
    material.file_size = checked.size
    if material.preview:
        material.preview.delete(save=False)
    if checked.preview is not None:
        material.preview.save(checked.preview.name, checked.preview, save=False)


# --- download counts --------------------------------------------------------------------
# A download adds to a counter in the process's memory; the counters reach the database
# in one UPDATE once FLUSH_EVERY downloads or FLUSH_SECONDS have gone by. A process that
# dies loses at most its unflushed counts, which a download statistic can afford.
FLUSH_EVERY = 50
FLUSH_SECONDS = 60
_pending: dict[int, int] = {}
_lock = threading.Lock()
_last_flush = [time.monotonic()]


def download_record(material_id: int) -> None:
    with _lock:
        _pending[material_id] = _pending.get(material_id, 0) + 1
        due = (
            sum(_pending.values()) >= FLUSH_EVERY
            or time.monotonic() - _last_flush[0] >= FLUSH_SECONDS
        )
    if due:
        download_counts_flush()


def download_counts_flush() -> int:
    """Write the pending counts in one statement; return how many downloads it added."""
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush[0] = time.monotonic()
    if not counts:
        return 0
    ids = list(counts)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE community_material AS m SET download_count = m.download_count + c.n"
            " FROM unnest(%s::bigint[], %s::bigint[]) AS c(id, n) WHERE m.id = c.id",
            [ids, [counts[i] for i in ids]],
        )
    return sum(counts.values())

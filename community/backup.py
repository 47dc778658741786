"""Export all portal content to one file and import it into an empty database.

The archive is a zip with ``content.json`` (Django's serialised rows, natural
keys for users, groups, permissions and content types) and the uploaded media
files under ``media/``. Role groups, permissions and content types are not
exported: migrate recreates them from code, and rows refer to them by natural key.
"""

import io
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import transaction

FORMAT_VERSION = 1

# Rows that are derived (recreated by migrate), transient or not worth keeping.
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "sessions.session",
    "admin.logentry",
    "django_tasks_database.dbtaskresult",
    "community.contentversion",  # cache-invalidation counters, kept by triggers
}


class BackupError(Exception):
    pass


def content_models():
    """Every concrete model whose rows are portal content, in dependency-safe order."""
    models = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXCLUDED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        models.append(model)
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def media_paths():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def export_content(target) -> dict:
    """Write the archive to ``target`` (a path or binary file); return counts."""
    counts = {}
    buffer = io.StringIO()
    objects = []
    for model in content_models():
        rows = list(model._default_manager.order_by("pk"))
        if rows:
            counts[model._meta.label] = len(rows)
        objects.extend(rows)
    serializers.serialize("json", objects, stream=buffer, use_natural_foreign_keys=True, indent=1)
    root = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("FORMAT", str(FORMAT_VERSION))
        archive.writestr("content.json", buffer.getvalue())
        for path in media_paths():
            archive.write(path, f"media/{path.relative_to(root).as_posix()}")
            counts["media files"] = counts.get("media files", 0) + 1
    return counts


def database_has_content() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.exists()


def import_content(source) -> dict:
    """Load an archive into an empty database; all or nothing."""
    if database_has_content():
        raise BackupError("The database already has users: import only into an empty database.")
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        if "content.json" not in names or archive.read("FORMAT").decode() != str(FORMAT_VERSION):
            raise BackupError("This file is not a portal export (or is from another version).")
        content = archive.read("content.json").decode()
        media = [name for name in names if name.startswith("media/") and not name.endswith("/")]
        counts = {}
        with transaction.atomic():
            for obj in serializers.deserialize("json", content, handle_forward_references=True):
                obj.save()
                label = obj.object._meta.label
                counts[label] = counts.get(label, 0) + 1
            _reset_sequences()
        for name in media:
            relative = name.removeprefix("media/")
            if ".." in Path(relative).parts:
                raise BackupError(f"Refusing a media path outside the media folder: {name}")
            if not default_storage.exists(relative):
                default_storage.save(relative, io.BytesIO(archive.read(name)))
            counts["media files"] = counts.get("media files", 0) + 1
    return counts


def _reset_sequences():
    """Point each table's id sequence past the imported ids."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), content_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

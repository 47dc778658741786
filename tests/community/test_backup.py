import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from community import roles
from community.backup import content_models
from representatives.models import Region
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def content_of(archive_path):
    with zipfile.ZipFile(archive_path) as archive:
        rows = json.loads(archive.read("content.json"))
        media = sorted(n for n in archive.namelist() if n.startswith("media/"))
    return rows, media


def make_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "logos").mkdir(parents=True)
    (tmp_path / "media" / "logos" / "acme.png").write_bytes(b"\x89PNG fake")
    UserFactory(username="ada", role=roles.CALENDAR_VOLUNTEERS)
    UserFactory(username="bob")
    Region.objects.create(name="Middle East", slug="middle-east", status="planned", position=70)


def test_export_then_import_into_an_empty_database_loses_nothing(settings, tmp_path):
    make_content(settings, tmp_path)
    first = tmp_path / "first.zip"
    call_command("export_content", str(first))

    # An empty, migrated database: every content row gone, roles and permissions kept.
    for model in reversed(content_models()):
        model._default_manager.all().delete()
    (tmp_path / "media" / "logos" / "acme.png").unlink()
    assert not get_user_model().objects.exists()

    call_command("import_content", str(first))
    second = tmp_path / "second.zip"
    call_command("export_content", str(second))

    assert content_of(first) == content_of(second)
    ada = get_user_model().objects.get(username="ada")
    assert ada.groups.filter(name=roles.CALENDAR_VOLUNTEERS.name).exists()
    assert ada.check_password("correct-horse-battery-staple")
    assert (tmp_path / "media" / "logos" / "acme.png").read_bytes() == b"\x89PNG fake"
    # Sequences follow the imported ids: new rows do not collide.
    Region.objects.create(name="Antarctica", slug="antarctica")


def test_import_refuses_a_database_with_content(settings, tmp_path):
    make_content(settings, tmp_path)
    archive = tmp_path / "export.zip"
    call_command("export_content", str(archive))
    with pytest.raises(CommandError, match="empty database"):
        call_command("import_content", str(archive))


def test_import_rejects_a_file_that_is_not_an_export(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(CommandError):
        call_command("import_content", str(bogus))

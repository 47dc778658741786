"""A kit's page lists the marketing material the kit carries (issue 20: "Kits can list
the materials they contain"): public items for everyone, internal ones for volunteers."""

import pytest
from django.urls import reverse

from tests.community.factories import MaterialFactory, png_upload
from tests.kits.factories import KitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_kit_page_lists_its_public_material_only(client, member):
    kit, other = KitFactory(), KitFactory()
    banner = MaterialFactory(title="Booth banner", upload=png_upload())
    banner.kits.add(kit)
    MaterialFactory(title="Other kit's flyer").kits.add(other)
    internal = MaterialFactory(title="Staffing checklist", is_public=False)
    internal.kits.add(kit)
    MaterialFactory(title="In no kit")

    page = client.get(kit.get_absolute_url()).content.decode()
    assert "Marketing material in this kit" in page
    assert "Booth banner" in page
    assert reverse("community:material-download", args=[banner.pk]) in page
    assert "Other kit" not in page
    assert "In no kit" not in page
    assert "Staffing checklist" not in page

    client.force_login(member)  # signed in, but no volunteer role
    assert "Staffing checklist" not in client.get(kit.get_absolute_url()).content.decode()


def test_volunteers_also_see_the_kits_internal_material(client, kit_manager):
    kit = KitFactory()
    MaterialFactory(title="Staffing checklist", is_public=False).kits.add(kit)
    client.force_login(kit_manager)
    page = client.get(kit.get_absolute_url()).content.decode()
    assert "Staffing checklist" in page
    assert "volunteers only" in page


def test_material_added_to_a_kit_shows_on_its_cached_page_at_once(client):
    kit = KitFactory()
    assert (
        "Marketing material in this kit" not in client.get(kit.get_absolute_url()).content.decode()
    )
    MaterialFactory(title="Sticker sheet").kits.add(kit)
    assert "Sticker sheet" in client.get(kit.get_absolute_url()).content.decode()

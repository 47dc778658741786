from io import StringIO

import pytest
from django.urls import reverse

from community import seed
from community.models import Material
from community.seeding import SeedContext, create_demo_accounts

pytestmark = pytest.mark.django_db


def test_demo_team_and_materials_are_seeded_once(client, settings, tmp_path):
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    ctx = SeedContext(scale=0, stdout=StringIO(), users=create_demo_accounts())
    seed.seed(ctx)
    seed.seed(ctx)
    assert Material.objects.count() == len(seed.MATERIALS)
    assert "Rae Viewer" in client.get(reverse("community:team")).content.decode()
    page = client.get(reverse("community:materials")).content.decode()
    assert "PSF logo pack" in page
    assert "Booth staffing guide" not in page  # internal

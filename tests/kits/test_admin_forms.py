"""The admin's kit photo and shipment attachments go through the shared upload checks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kits.admin import KitAdminForm
from kits.models import Shipment, ShipmentAttachment
from tests.kits.factories import KitFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile("kit.png", buffer.getvalue(), content_type="image/png")


def test_a_kit_photo_is_checked_and_thumbnailed(client, na_manager):
    client.force_login(na_manager)
    data = {
        "name": "New popup",
        "slug": "new-popup",
        "kind": "popup",
        "region": region("north-america").pk,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "photo_upload": png(),
    }
    response = client.post(reverse("admin:kits_kit_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kit = na_manager.kit_regions.get().region.kits.get(slug="new-popup")
    assert kit.photo.name.endswith((".png", ".webp"))  # re-encoded, never stored as sent
    assert kit.photo_thumbnail.width <= 240


def test_a_text_file_as_kit_photo_is_refused():
    form = KitAdminForm(
        data={"name": "X", "slug": "x", "kind": "popup", "region": region("europe").pk},
        files={"photo_upload": SimpleUploadedFile("kit.png", b"not an image")},
    )
    assert not form.is_valid()
    assert "Upload a PNG" in str(form.errors["photo_upload"])


def test_a_receipt_attached_in_the_admin_is_stored_privately(client, na_manager):
    kit = KitFactory()
    client.force_login(na_manager)
    data = {
        "kit": kit.pk,
        "purpose": "repair",
        "status": "planned",
        "from_address": "Pittsburgh",
        "from_country": "US",
        "to_address": "Repair shop",
        "to_country": "US",
        "carrier": "fedex",
        "currency": "USD",
        "cost": "80.00",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-kind": "receipt",
        "attachments-0-upload": SimpleUploadedFile("r.pdf", b"%PDF-1.7\nx\n%%EOF\n"),
    }
    response = client.post(reverse("admin:kits_shipment_add"), data)
    assert response.status_code == 302
    shipment = Shipment.objects.get()
    assert shipment.cost_usd == 80
    attachment = ShipmentAttachment.objects.get(shipment=shipment)
    assert attachment.original_name == "r.pdf"
    assert attachment.file.storage.base_url is None

"""Logging a shipment: only a manager of its kit may; its receipt and the booking's move it
causes are both recorded as that manager's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.workflow import ActionRefused
from kits import services
from kits.models import BookingStatus, Shipment, ShipmentAttachment
from kits.uploads import check_attachment
from tests.kits.factories import ApprovedBookingFactory, KitFactory, ShipmentFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def receipt():
    pdf = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\nreceipt\n%%EOF\n")
    return {"checked": check_attachment(pdf), "kind": "receipt"}


def test_the_receipt_and_the_bookings_move_are_the_logging_managers(na_manager):
    booking = ApprovedBookingFactory()
    shipment = ShipmentFactory.build(kit=booking.kit, booking=booking)
    services.shipment_log(shipment=shipment, by=na_manager, attachments=[receipt()])
    attachment = ShipmentAttachment.objects.get()
    assert (attachment.shipment, attachment.uploaded_by) == (shipment, na_manager)
    row = booking.history.last()
    assert (row.to_status, row.by, row.reason) == (
        BookingStatus.SHIPPED,
        na_manager,
        f"Shipment {shipment.pk}",
    )


def test_another_regions_manager_cannot_log_a_shipment_and_is_told_why(sa_manager):
    shipment = ShipmentFactory.build(kit=KitFactory(region=region("north-america")))
    with pytest.raises(ActionRefused) as refused:
        services.shipment_log(shipment=shipment, by=sa_manager)
    assert str(refused.value) == "You can only log shipments of kits you manage."
    assert not Shipment.objects.exists()


def test_customs_papers_keep_their_kind_name_and_size(na_manager):
    shipment = ShipmentFactory()
    pdf = SimpleUploadedFile("customs.pdf", b"%PDF-1.4\nform\n%%EOF\n")
    services.attachment_add(
        shipment=shipment, by=na_manager, checked=check_attachment(pdf), kind="customs"
    )
    attachment = ShipmentAttachment.objects.get()
    assert (attachment.kind, attachment.original_name, attachment.size) == (
        ShipmentAttachment.Kind.CUSTOMS,
        "customs.pdf",
        len(b"%PDF-1.4\nform\n%%EOF\n"),
    )
    assert attachment.file.read().startswith(b"%PDF-1.4\nform")

"""Shipments on the phone form: costs in USD, checked attachments, bad input kept."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kits.models import BookingStatus, ExchangeRate, Shipment, ShipmentAttachment
from tests.kits.factories import ApprovedBookingFactory, KitFactory, ShipmentFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def kit(db):
    return KitFactory(name="North American kit")


def form_data(kit, **overrides):
    data = {
        "kit": kit.pk,
        "purpose": "outbound",
        "status": "shipped",
        "from_address": "Pittsburgh",
        "from_country": "US",
        "to_address": "Toronto",
        "to_country": "CA",
        "carrier": "ups",
        "tracking_number": "1Z999AA10123456784",
        "shipped_on": in_days(-2),
        "expected_on": in_days(3),
        "cost": "350.00",
        "currency": "USD",
    }
    data.update(overrides)
    return data


def post(client, data):
    return client.post(reverse("kits:shipment-new"), data)


def test_logging_a_shipment_moves_its_booking_to_shipped(client, na_manager):
    booking = ApprovedBookingFactory()
    client.force_login(na_manager)
    response = post(client, form_data(booking.kit, booking=booking.pk))
    assert response.status_code == 302
    shipment = Shipment.objects.get()
    assert shipment.cost_usd == Decimal("350.00")
    assert shipment.logged_by == na_manager
    booking.refresh_from_db()
    assert booking.status == BookingStatus.SHIPPED
    assert booking.history.last().to_status == "shipped"


def test_a_cost_in_euros_is_converted_with_the_rate_and_its_date(client, na_manager, kit):
    ExchangeRate.objects.create(currency="EUR", on=in_days(-5), usd_per_unit=Decimal("1.0850"))
    client.force_login(na_manager)
    post(client, form_data(kit, cost="200.00", currency="EUR", customs_fees="10.00"))
    shipment = Shipment.objects.get()
    assert shipment.cost_usd == Decimal("217.00")
    assert shipment.customs_fees_usd == Decimal("10.85")
    assert shipment.usd_rate == Decimal("1.0850")
    assert shipment.rate_date == in_days(-5)


def test_a_tracking_link_for_known_carriers_and_the_number_alone_otherwise(kit):
    ups = ShipmentFactory(kit=kit, carrier="ups", tracking_number="1Z999")
    other = ShipmentFactory(
        kit=kit, carrier="other", carrier_name="Correios", tracking_number="AB1"
    )
    assert ups.tracking_url == "https://www.ups.com/track?tracknum=1Z999"
    assert other.tracking_url == ""
    assert other.carrier_label == "Correios"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"delivered_on": in_days(-5), "status": "delivered"}, "before the ship date"),
        ({"cost": "-5"}, "greater than or equal to 0"),
        ({"currency": "XYZ"}, "Select a valid choice"),
        ({"tracking_number": "1Z 999 AA1"}, "without spaces"),
    ],
)
def test_bad_input_is_a_clear_message_and_loses_nothing(
    client, na_manager, kit, overrides, message
):
    client.force_login(na_manager)
    response = post(client, form_data(kit, customs_notes="Carnet stamped", **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert "Carnet stamped" in response.text
    assert not Shipment.objects.exists()


def test_a_text_file_renamed_pdf_is_refused(client, na_manager, kit):
    client.force_login(na_manager)
    fake = SimpleUploadedFile("receipt.pdf", b"just some text", content_type="application/pdf")
    response = post(client, {**form_data(kit), "attachment": fake})
    assert "this file is neither" in response.text
    assert not Shipment.objects.exists()


def test_a_30_mb_attachment_is_refused(client, na_manager, kit):
    client.force_login(na_manager)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (30 * 1024 * 1024))
    response = post(client, {**form_data(kit), "attachment": big})
    assert "too large" in response.text
    assert not Shipment.objects.exists()


def image_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_attachments_download_only_for_managers_and_the_board(
    client, na_manager, sa_manager, board_member, member, kit
):
    client.force_login(na_manager)
    pdf = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\nreceipt\n%%EOF\n")
    post(client, {**form_data(kit), "attachment": pdf})
    attachment = ShipmentAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    url = attachment.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(board_member)
    assert client.get(url).status_code == 200
    for outsider in (sa_manager, member):
        client.force_login(outsider)
        assert client.get(url).status_code == 403


def test_an_image_receipt_is_re_encoded(client, na_manager, kit):
    client.force_login(na_manager)
    photo = SimpleUploadedFile("receipt.png", image_bytes())
    post(client, {**form_data(kit), "attachment": photo})
    assert ShipmentAttachment.objects.get().content_type.startswith("image/")


def test_costs_are_rows_for_the_budget_app(kit):
    ShipmentFactory(kit=kit, cost=Decimal("100"), cost_usd=Decimal("100"))
    ShipmentFactory(kit=kit, cost=None, cost_usd=None)
    shipment = ShipmentFactory(kit=kit, cost=Decimal("50"), cost_usd=Decimal("50"))
    Shipment.objects.filter(pk=shipment.pk).update(customs_fees_usd=Decimal("7.50"))
    rows = list(Shipment.objects.costs())
    assert len(rows) == 2
    assert {row["usd"] for row in rows} == {Decimal("100"), Decimal("57.50")}
    assert rows[0]["region"] == "North America"
    assert rows[0]["category"] == "kit shipping"
    assert all(isinstance(row["usd"], Decimal) for row in rows)


def test_an_overdue_delivery_is_flagged_in_the_admin_list(client, na_manager, kit):
    ShipmentFactory(kit=kit, shipped_on=in_days(-10), expected_on=in_days(-2))
    client.force_login(na_manager)
    response = client.get(reverse("admin:kits_shipment_changelist") + "?overdue=yes")
    assert "North American kit" in response.text
    assert 'alt="True"' in response.text

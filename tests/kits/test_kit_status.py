"""A kit's status is derived in one place from its marks, bookings and shipments."""

from datetime import timedelta

import pytest

from kits.models import BookingStatus, Kit, KitStatus, Shipment, ShipmentStatus
from tests.kits.factories import (
    ApprovedBookingFactory,
    BookingFactory,
    KitFactory,
    ShipmentFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def status_of(kit, day=None):
    return Kit.objects.with_status_data().get(pk=kit.pk).status_on(day)


def test_a_kit_without_bookings_is_available():
    assert status_of(KitFactory()) == KitStatus.AVAILABLE


def test_an_open_request_makes_it_requested():
    booking = BookingFactory()
    assert status_of(booking.kit) == KitStatus.REQUESTED


def test_an_approved_booking_holds_the_kit_from_the_start_of_outbound_transit():
    booking = ApprovedBookingFactory()
    assert status_of(booking.kit) == KitStatus.AVAILABLE
    assert status_of(booking.kit, booking.blocked_start) == KitStatus.BOOKED
    assert status_of(booking.kit, booking.blocked_start - in_days(1) + in_days(0)) in (
        KitStatus.AVAILABLE,
        KitStatus.BOOKED,
    )


def test_shipped_booking_means_in_transit_and_at_event_means_at_event():
    booking = ApprovedBookingFactory(status=BookingStatus.SHIPPED)
    assert status_of(booking.kit) == KitStatus.IN_TRANSIT
    booking.status = BookingStatus.AT_EVENT
    booking.save()
    assert status_of(booking.kit) == KitStatus.AT_EVENT


def test_a_return_shipment_on_the_way_means_returning():
    booking = ApprovedBookingFactory(status=BookingStatus.AT_EVENT)
    ShipmentFactory(kit=booking.kit, booking=booking, purpose=Shipment.Purpose.RETURN)
    assert status_of(booking.kit) == KitStatus.RETURNING


def test_a_repair_shipment_on_the_way_means_in_transit():
    shipment = ShipmentFactory(purpose=Shipment.Purpose.REPAIR)
    assert status_of(shipment.kit) == KitStatus.IN_TRANSIT
    shipment.status = ShipmentStatus.DELIVERED
    shipment.save()
    assert status_of(shipment.kit) == KitStatus.AVAILABLE


def test_repair_and_retired_marks_win_over_bookings():
    booking = ApprovedBookingFactory(status=BookingStatus.AT_EVENT)
    kit = booking.kit
    kit.is_in_repair = True
    kit.save()
    assert status_of(kit) == KitStatus.IN_REPAIR
    kit.retired_on = in_days(0)
    kit.save()
    assert status_of(kit) == KitStatus.RETIRED


def test_the_status_without_prefetching_matches_the_prefetched_one():
    booking = ApprovedBookingFactory(status=BookingStatus.SHIPPED)
    assert Kit.objects.get(pk=booking.kit.pk).status == status_of(booking.kit)


def test_a_kit_at_the_event_with_its_outbound_parcel_still_marked_shipped_is_at_the_event():
    booking = ApprovedBookingFactory(status=BookingStatus.AT_EVENT)
    ShipmentFactory(kit=booking.kit, booking=booking, purpose=Shipment.Purpose.OUTBOUND)
    assert status_of(booking.kit) == KitStatus.AT_EVENT


def test_an_open_request_holds_until_its_leave_day_then_the_kit_is_available():
    booking = BookingFactory()
    assert status_of(booking.kit, booking.leave_on) == KitStatus.REQUESTED
    assert status_of(booking.kit, booking.leave_on + timedelta(days=1)) == KitStatus.AVAILABLE


def test_a_kit_read_without_prefetching_is_in_transit_while_its_repair_parcel_moves():
    shipment = ShipmentFactory(purpose=Shipment.Purpose.REPAIR)
    assert Kit.objects.get(pk=shipment.kit.pk).status == KitStatus.IN_TRANSIT
    assert Kit.objects.get(pk=shipment.kit.pk).overdue_shipments == []
    shipment.expected_on = in_days(-1)
    shipment.save()
    assert Kit.objects.get(pk=shipment.kit.pk).overdue_shipments == [shipment]

"""A parcel may be delivered, or expected, on the day it is shipped, never before it."""

import pytest
from django.core.exceptions import ValidationError

from kits.models import Shipment, ShipmentStatus
from tests.kits.factories import BookingFactory, KitFactory, in_days


def test_same_day_delivery_and_expectation_are_allowed():
    Shipment(shipped_on=in_days(0), delivered_on=in_days(0), expected_on=in_days(0)).clean()


def test_a_delivery_before_the_ship_date_is_refused_by_field():
    with pytest.raises(ValidationError) as refused:
        Shipment(shipped_on=in_days(0), delivered_on=in_days(-1)).clean()
    assert refused.value.message_dict == {
        "delivered_on": ["The delivery date is before the ship date."]
    }


def test_an_expected_delivery_before_the_ship_date_is_refused_by_field():
    with pytest.raises(ValidationError) as refused:
        Shipment(shipped_on=in_days(0), expected_on=in_days(-1)).clean()
    assert refused.value.message_dict == {
        "expected_on": ["The expected delivery is before the ship date."]
    }


def test_dates_without_a_ship_date_are_not_compared():
    Shipment(delivered_on=in_days(-5), expected_on=in_days(-5)).clean()


def test_every_wrong_date_is_named_at_once():
    with pytest.raises(ValidationError) as refused:
        Shipment(shipped_on=in_days(0), delivered_on=in_days(-1), expected_on=in_days(-2)).clean()
    assert set(refused.value.message_dict) == {"delivered_on", "expected_on"}


@pytest.mark.parametrize("status", [ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED])
def test_a_parcel_marked_shipped_or_delivered_needs_its_ship_date(status):
    with pytest.raises(ValidationError) as refused:
        Shipment(status=status).clean()
    assert refused.value.message_dict == {"shipped_on": ["A shipped parcel needs its ship date."]}
    Shipment(status=status, shipped_on=in_days(0)).clean()


@pytest.mark.parametrize(
    "status", [ShipmentStatus.PLANNED, ShipmentStatus.LOST, ShipmentStatus.RETURNED]
)
def test_a_planned_lost_or_returned_parcel_needs_no_ship_date(status):
    Shipment(status=status).clean()


@pytest.mark.django_db
def test_a_shipment_for_a_booking_of_another_kit_is_refused():
    booking = BookingFactory()
    with pytest.raises(ValidationError) as refused:
        Shipment(kit=KitFactory(), booking=booking).clean()
    assert refused.value.message_dict == {"booking": ["That booking is for another kit."]}
    Shipment(kit=booking.kit, booking=booking).clean()

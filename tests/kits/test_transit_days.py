"""A booking holds its kit for the outbound trip from the kit's region to the conference's
and for the return trip back, each from the shipping table, which need not be symmetric."""

from datetime import timedelta

import pytest

from kits.models import Booking, ShippingTime
from tests.kits.factories import KitFactory, in_days, region

pytestmark = pytest.mark.django_db


def test_the_return_trip_is_read_from_the_conference_region_back_to_the_kit():
    kit = KitFactory()  # kept in North America
    ShippingTime.objects.create(origin=kit.region, destination=region("south-america"), days=20)
    ShippingTime.objects.create(origin=region("south-america"), destination=kit.region, days=12)
    booking = Booking(
        kit=kit,
        destination_region=region("south-america"),
        arrive_by=in_days(60),
        leave_on=in_days(65),
    )
    booking.set_blocked_period()
    assert (booking.outbound_days, booking.return_days) == (20, 12)
    assert (booking.blocked_start, booking.blocked_end) == (
        in_days(60) - timedelta(days=20),
        in_days(65) + timedelta(days=12),
    )


def test_without_a_table_row_transit_is_five_days_within_a_region_and_fourteen_across():
    na, sa = region("north-america").pk, region("south-america").pk
    assert ShippingTime.days_between({}, na, na) == 5
    assert ShippingTime.days_between({}, na, sa) == 14

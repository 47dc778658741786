"""A booth's costs row (what the budget app adds up): the shipping of its own kit booking,
customs included, and nothing of another booth's shipments."""

from decimal import Decimal

import pytest

from kits.models import Booth
from tests.kits.factories import BookingFactory, BoothFactory, KitFactory, ShipmentFactory, in_days

pytestmark = pytest.mark.django_db


def booth_with_kit(kit, weeks_ago):
    booking = BookingFactory(kit=kit)
    booth = BoothFactory(
        booking=booking,
        conference_starts=in_days(-7 * weeks_ago),
        conference_ends=in_days(-7 * weeks_ago + 2),
    )
    return booth, booking


def test_a_booths_shipping_counts_only_its_own_bookings_shipments():
    kit = KitFactory()
    first, first_booking = booth_with_kit(kit, weeks_ago=10)
    second, second_booking = booth_with_kit(kit, weeks_ago=2)
    ShipmentFactory(kit=kit, booking=first_booking, cost=Decimal("300"))
    ShipmentFactory(kit=kit, booking=second_booking, cost=Decimal("120"))
    ShipmentFactory(kit=kit, booking=None, cost=Decimal("999"))  # a repair trip
    rows = {row["booth_id"]: row for row in Booth.objects.costs()}
    assert rows[first.pk]["shipping_usd"] == Decimal("300.00")
    assert rows[second.pk]["shipping_usd"] == Decimal("120.00")


def test_a_shipment_without_customs_fees_still_counts():
    kit = KitFactory()
    booth, booking = booth_with_kit(kit, weeks_ago=1)
    ShipmentFactory(kit=kit, booking=booking, cost=Decimal("300"), customs_fees_usd=Decimal("50"))
    ShipmentFactory(kit=kit, booking=booking, cost=Decimal("80"))  # no customs
    row = Booth.objects.costs().get(booth_id=booth.pk)
    assert row["shipping_usd"] == Decimal("430.00")


def test_a_booth_without_shipments_or_report_costs_zero_and_has_no_visitors():
    booth = BoothFactory(conference_name="PyCon Nothing Yet")
    assert list(Booth.objects.costs()) == [
        {
            "booth_id": booth.pk,
            "conference": "PyCon Nothing Yet",
            "date": booth.conference_starts,
            "shipping_usd": Decimal("0"),
            "consumables_usd": Decimal("0"),
            "visitors": None,
        }
    ]


def test_rows_come_in_conference_date_order():
    later = BoothFactory(conference_starts=in_days(90), conference_ends=in_days(91))
    sooner = BoothFactory(conference_starts=in_days(30), conference_ends=in_days(31))
    assert [row["booth_id"] for row in Booth.objects.costs()] == [sooner.pk, later.pk]


def test_booths_starting_on_the_same_day_are_listed_by_id_whatever_order_they_are_stored_in():
    # Stored in the opposite order of their ids: without the tie-break by id, PostgreSQL
    # returns same-day rows as it reads them.
    higher = BoothFactory(pk=900_002, conference_starts=in_days(30), conference_ends=in_days(31))
    lower = BoothFactory(pk=900_001, conference_starts=in_days(30), conference_ends=in_days(32))
    assert [row["booth_id"] for row in Booth.objects.costs()] == [lower.pk, higher.pk]

"""Booking a kit for a booth: the request carries the booth's conference and the lead as its
contact; a booth holds one open booking at a time; the options count each kit's history."""

from datetime import timedelta
from decimal import Decimal

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import Booking, BookingStatus
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.kits.factories import (
    BookingFactory,
    BoothFactory,
    KitFactory,
    ShipmentFactory,
    region,
)

pytestmark = pytest.mark.django_db


def dates(booth):
    return {
        "arrive_by": booth.conference_starts - timedelta(days=2),
        "leave_on": booth.conference_ends + timedelta(days=1),
    }


def book(booth, kit, by=None):
    return services.booth_kit_book(
        booth=booth, by=by or booth.lead, kit=kit, shipping_address="Hall B", **dates(booth)
    )


def test_the_request_carries_the_booths_conference_and_the_lead_as_contact():
    lead = UserFactory(username="lead", first_name="Ada", last_name="Lovelace")
    booth = BoothFactory(
        lead=lead,
        event=EventFactory(),
        conference_name="PyCon Booth",
        conference_city="Chicago",
        conference_country="US",
    )
    booking = book(booth, KitFactory())
    assert Booking.objects.get().pk == booking.pk
    assert (
        booking.event,
        booking.conference_name,
        booking.conference_city,
        booking.conference_country,
        booking.shipping_address,
    ) == (booth.event, "PyCon Booth", "Chicago", "US", "Hall B")
    assert (booking.contact_name, booking.contact_email) == ("Ada Lovelace", lead.email)
    assert booking.note == "For the PSF booth at PyCon Booth."
    booth.refresh_from_db()
    assert booth.booking == booking


def test_a_lead_without_a_name_is_the_contact_by_username():
    booth = BoothFactory(lead=UserFactory(username="nameless", first_name="", last_name=""))
    assert book(booth, KitFactory()).contact_name == "nameless"


def test_a_booth_with_an_open_booking_is_refused_and_a_cancelled_one_books_again():
    booth = BoothFactory()
    booth.booking = BookingFactory(kit=KitFactory(), status=BookingStatus.REQUESTED)
    booth.save()
    with pytest.raises(ActionRefused) as refused:
        book(booth, KitFactory())
    assert str(refused.value) == "This booth already has a kit booking; cancel it first."
    Booking.objects.filter(pk=booth.booking_id).update(status=BookingStatus.CANCELLED)
    booth.refresh_from_db()
    assert book(booth, KitFactory()).status == BookingStatus.REQUESTED


def test_only_the_lead_books_and_is_told_so():
    booth = BoothFactory()
    with pytest.raises(ActionRefused) as refused:
        book(booth, KitFactory(), by=UserFactory())
    assert str(refused.value) == "Only the booth's lead can request its kit."
    assert not Booking.objects.exists()


def test_the_options_read_transit_to_the_booth_and_count_no_history_as_none():
    KitFactory(name="NA kit")
    booth = BoothFactory(conference_country="CA")
    (option,) = services.booth_kit_options(booth=booth, **dates(booth))
    assert (option.option.outbound_days, option.median_cost_usd, option.shipments_counted) == (
        5,
        None,
        0,
    )


def test_a_kit_shipped_free_ranks_before_one_shipped_for_a_little():
    cheap = KitFactory(name="Cheap kit", region=region("europe"))
    free = KitFactory(name="Free kit", region=region("south-america"))
    ShipmentFactory(kit=cheap, to_country="US", cost=Decimal("0.50"))
    ShipmentFactory(kit=free, to_country="US", cost=Decimal("0.00"))
    booth = BoothFactory(conference_country="US")
    names = [o.kit.name for o in services.booth_kit_options(booth=booth, **dates(booth))]
    assert names == ["Free kit", "Cheap kit"]

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from kits.models import (
    Booking,
    BookingStatus,
    Carrier,
    Kit,
    KitItem,
    RegionKitManager,
    Shipment,
    ShipmentStatus,
    blocked_period,
)
from representatives.models import Region
from tests.factories import UserFactory


def region(slug):
    return Region.objects.get(slug=slug)


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


class KitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kit

    name = factory.Sequence(lambda n: f"Kit {n}")
    slug = factory.Sequence(lambda n: f"kit-{n}")
    kind = Kit.Kind.BOOTH
    region = factory.LazyFunction(lambda: region("north-america"))
    home_city = "Pittsburgh"
    home_country = "US"
    home_address = "1 Private Street, Pittsburgh PA"


class KitItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KitItem

    kit = factory.SubFactory(KitFactory)
    name = factory.Sequence(lambda n: f"Banner {n}")
    quantity = 1


class RegionKitManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionKitManager

    region = factory.LazyFunction(lambda: region("north-america"))
    user = factory.SubFactory(UserFactory)


class BookingFactory(factory.django.DjangoModelFactory):
    """A request for a conference 60 days away in Canada (North America: 5 transit days)."""

    class Meta:
        model = Booking

    kit = factory.SubFactory(KitFactory)
    requester = factory.SubFactory(UserFactory)
    conference_name = factory.Sequence(lambda n: f"PyCon Example {n}")
    conference_city = "Toronto"
    conference_country = "CA"
    conference_starts = factory.LazyFunction(lambda: in_days(60))
    conference_ends = factory.LazyAttribute(lambda b: b.conference_starts + timedelta(days=2))
    destination_region = factory.LazyAttribute(lambda b: b.kit.region)
    arrive_by = factory.LazyAttribute(lambda b: b.conference_starts - timedelta(days=2))
    leave_on = factory.LazyAttribute(lambda b: b.conference_ends + timedelta(days=1))
    outbound_days = 5
    return_days = 5
    blocked_period = factory.LazyAttribute(
        lambda b: blocked_period(b.arrive_by, b.leave_on, b.outbound_days, b.return_days)
    )
    shipping_address = "Conference Centre, 255 Front St W, Toronto"
    contact_name = "Carla Contact"
    contact_email = "booking-private@example.invalid"
    note = "We expect 800 attendees."
    status = BookingStatus.REQUESTED


class ApprovedBookingFactory(BookingFactory):
    status = BookingStatus.APPROVED


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    kit = factory.SubFactory(KitFactory)
    purpose = Shipment.Purpose.OUTBOUND
    from_address = "1 Private Street, Pittsburgh PA"
    from_country = "US"
    to_address = "Conference Centre, Toronto"
    to_country = "CA"
    carrier = Carrier.UPS
    tracking_number = factory.Sequence(lambda n: f"1Z999AA1{n:010d}")
    shipped_on = factory.LazyFunction(lambda: in_days(-3))
    expected_on = factory.LazyFunction(lambda: in_days(2))
    status = ShipmentStatus.SHIPPED
    cost = Decimal("420.00")
    currency = "USD"
    usd_rate = Decimal("1")
    rate_date = factory.LazyAttribute(lambda s: s.shipped_on)
    cost_usd = factory.LazyAttribute(lambda s: s.cost)


class BoothFactory(factory.django.DjangoModelFactory):
    """A planned booth 60 days away at a conference in Chicago, without a kit yet."""

    class Meta:
        model = "kits.Booth"

    conference_name = factory.Sequence(lambda n: f"PyCon Booth {n}")
    conference_city = "Chicago"
    conference_country = "US"
    conference_starts = factory.LazyFunction(lambda: in_days(60))
    conference_ends = factory.LazyAttribute(lambda b: b.conference_starts + timedelta(days=2))
    timezone = "America/Chicago"
    lead = factory.SubFactory(UserFactory)


def at(booth, day_offset, hour, minute=0):
    """An aware datetime on the booth's ``day_offset``-th conference day, in its zone."""
    from datetime import datetime, time

    day = booth.conference_starts + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=booth.zone)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kits.Shift"

    booth = factory.SubFactory(BoothFactory)
    starts_at = factory.LazyAttribute(lambda s: at(s.booth, 0, 9))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=3))
    capacity_min = 1
    capacity_max = 2


class ShiftSignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kits.ShiftSignup"

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(UserFactory)
    period = factory.LazyAttribute(lambda s: s.shift.period)

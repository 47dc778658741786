"""A person named on one kit (its keeper) manages that kit; naming them gives nobody else
any right over it."""

import pytest

from community import roles
from community.workflow import ActionRefused
from kits import services
from kits.models import Booking, BookingStatus, Kit
from tests.factories import UserFactory
from tests.kits.factories import BookingFactory, KitFactory, ShipmentFactory, region

pytestmark = pytest.mark.django_db


def test_a_kits_keeper_gives_no_rights_to_another_kit_manager():
    kit = KitFactory(region=region("south-america"))
    kit.managers.add(UserFactory(username="keeper", role=roles.KIT_MANAGERS))
    other = UserFactory(username="other-keeper", role=roles.KIT_MANAGERS)
    booking = BookingFactory(kit=kit)
    assert not Kit.objects.managed_by(other).exists()
    with pytest.raises(ActionRefused):
        services.booking_approve(booking=booking, by=other)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.REQUESTED


def test_a_kits_keeper_manages_its_bookings_and_shipments():
    kit = KitFactory(region=region("south-america"))
    keeper = UserFactory(username="keeper", role=roles.KIT_MANAGERS)
    kit.managers.add(keeper)
    # Ids apart from the kit's: the scoping must reach the kit through the booking.
    booking = BookingFactory(kit=kit, pk=kit.pk + 1000)
    shipment = ShipmentFactory(kit=kit, booking=booking, pk=kit.pk + 2000)
    assert services.get_booking_for_manager(keeper, booking.pk) == booking
    assert services.get_shipment_for_manager(keeper, shipment.pk) == shipment

"""A booking remembers which manager decided it (approved or declined; the admin shows it),
and later moves by anyone else do not rewrite that."""

import pytest

from community import roles
from kits import services
from kits.models import Booking, BookingStatus
from tests.factories import UserFactory
from tests.kits.factories import BookingFactory, RegionKitManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_manager(db):
    user = UserFactory(username="second-na-manager", role=roles.KIT_MANAGERS)
    RegionKitManagerFactory(user=user)
    return user


def test_approval_records_the_deciding_manager_and_shipping_keeps_it(na_manager, second_manager):
    booking = BookingFactory()
    services.booking_approve(booking=booking, by=na_manager)
    services.booking_advance(booking=booking, by=second_manager, to=BookingStatus.SHIPPED)
    assert Booking.objects.get(pk=booking.pk).decided_by == na_manager


def test_a_decline_records_the_deciding_manager(na_manager):
    booking = BookingFactory()
    services.booking_decline(booking=booking, by=na_manager, reason="The kit is in repair.")
    assert Booking.objects.get(pk=booking.pk).decided_by == na_manager

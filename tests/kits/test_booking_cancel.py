"""Who may cancel a booking: its requester, or the managers of its kit, and the history
names who did; anyone else who can read the booking (the board) is told no."""

import pytest
from django.urls import reverse

from community.workflow import ActionRefused
from kits import services
from kits.models import Booking, BookingStatus
from tests.kits.factories import ApprovedBookingFactory, BookingFactory

pytestmark = pytest.mark.django_db


def test_a_kit_manager_cancels_an_approved_booking_and_the_history_names_them(na_manager):
    booking = ApprovedBookingFactory()
    services.booking_cancel(booking=booking, by=na_manager)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    change = booking.history.last()
    assert (change.to_status, change.by) == ("cancelled", na_manager)


def test_a_board_member_reads_a_booking_but_cannot_cancel_it(client, board_member):
    booking = ApprovedBookingFactory()
    client.force_login(board_member)
    response = client.post(reverse("kits:booking-cancel", args=[booking.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Only the requester or the kit's managers can cancel a booking."
    ]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.APPROVED


def test_another_regions_manager_is_told_only_this_regions_managers_decide(sa_manager):
    booking = BookingFactory()
    with pytest.raises(ActionRefused) as refused:
        services.booking_approve(booking=booking, by=sa_manager)
    assert str(refused.value) == "Only the kit managers of this kit's region can do that."

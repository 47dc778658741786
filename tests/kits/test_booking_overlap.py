"""Approval refuses only a real double booking: the same kit, blocked periods that meet.
Another kit booked for the same dates, or this kit booked for other dates, is no conflict."""

from datetime import timedelta

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import Actor, Booking, BookingStatus
from tests.kits.factories import ApprovedBookingFactory, BookingFactory, KitFactory

pytestmark = pytest.mark.django_db


def test_another_kit_booked_for_the_same_dates_is_no_conflict(na_manager):
    ApprovedBookingFactory(kit=KitFactory())
    request = BookingFactory()
    services.booking_approve(booking=request, by=na_manager)
    assert Booking.objects.get(pk=request.pk).status == BookingStatus.APPROVED


def test_this_kit_booked_for_other_dates_is_no_conflict(na_manager):
    first = ApprovedBookingFactory()
    later_start = first.blocked_end + timedelta(days=30)
    request = BookingFactory(kit=first.kit, conference_starts=later_start)
    assert request.blocked_start > first.blocked_end
    services.booking_approve(booking=request, by=na_manager)
    assert Booking.objects.get(pk=request.pk).status == BookingStatus.APPROVED


def test_a_request_clashing_with_an_approved_booking_can_still_be_declined_or_cancelled(
    na_manager,
):
    first = ApprovedBookingFactory()
    declined = BookingFactory(kit=first.kit)
    cancelled = BookingFactory(kit=first.kit)
    services.booking_decline(booking=declined, by=na_manager, reason="The kit is taken.")
    services.booking_cancel(booking=cancelled, by=cancelled.requester)
    assert Booking.objects.get(pk=declined.pk).status == BookingStatus.DECLINED
    assert Booking.objects.get(pk=cancelled.pk).status == BookingStatus.CANCELLED


def test_the_model_refuses_approving_a_clash_before_the_database_has_to(na_manager):
    """The seeder and any caller of ``transition`` get the message, not an IntegrityError."""
    first = ApprovedBookingFactory()
    request = BookingFactory(kit=first.kit)
    with pytest.raises(ActionRefused, match=first.conference_name):
        request.transition(BookingStatus.APPROVED, by=na_manager, actor=Actor.MANAGER)
    assert Booking.objects.get(pk=request.pk).status == BookingStatus.REQUESTED


def test_a_clash_only_the_database_caught_is_still_a_message_when_the_other_is_not_found(
    na_manager, monkeypatch
):
    """Both checks missed the other booking (approved in the same moment, then gone again
    before the lookup): the manager is still told why, not shown a server error."""
    first = ApprovedBookingFactory()
    request = BookingFactory(kit=first.kit)
    monkeypatch.setattr(Booking, "first_conflict", lambda self: None)
    with pytest.raises(ActionRefused) as refused:
        services.booking_approve(booking=request, by=na_manager)
    assert str(refused.value) == "This kit is booked for those dates."
    assert Booking.objects.get(pk=request.pk).status == BookingStatus.REQUESTED

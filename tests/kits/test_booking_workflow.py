"""Bookings move through the shared workflow, with a history row per change."""

import pytest
from django.db import IntegrityError, transaction

from community.workflow import ActionRefused, TransitionRefused
from kits import services
from kits.models import BOOKING_WORKFLOW, Actor, Booking, BookingStatus, BookingTransition
from tests.factories import UserFactory
from tests.kits.factories import ApprovedBookingFactory, BookingFactory, KitFactory

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("requested", "requested"): {"manager"},
    ("requested", "approved"): {"manager"},
    ("requested", "declined"): {"manager"},
    ("requested", "cancelled"): {"requester", "manager"},
    ("approved", "shipped"): {"manager"},
    ("approved", "cancelled"): {"requester", "manager"},
    ("shipped", "at_event"): {"manager"},
    ("at_event", "returned"): {"manager"},
    ("returned", "closed"): {"manager"},
}


@pytest.mark.parametrize("source", BookingStatus.values)
@pytest.mark.parametrize("to", BookingStatus.values)
def test_the_table_allows_exactly_the_listed_moves(source, to):
    for actor in Actor.values:
        assert BOOKING_WORKFLOW.allows(source, to, actor) == (
            actor in ALLOWED.get((source, to), set())
        )


def test_every_refused_move_changes_nothing_and_writes_no_history(na_manager):
    booking = BookingFactory()
    for source in BookingStatus.values:
        Booking.objects.filter(pk=booking.pk).update(status=source)
        for to in BookingStatus.values:
            for actor in Actor.values:
                if actor in ALLOWED.get((source, to), set()):
                    continue
                with pytest.raises(TransitionRefused):
                    booking.transition(to, by=na_manager, actor=actor, reason="because")
                assert Booking.objects.get(pk=booking.pk).status == source
    assert not BookingTransition.objects.filter(booking=booking).exists()


def test_approval_writes_a_history_row_and_mails_the_requester(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = BookingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=booking, by=na_manager)
    row = BookingTransition.objects.get(booking=booking)
    assert (row.from_status, row.to_status, row.by) == ("requested", "approved", na_manager)
    assert booking.requester.email in mailoutbox[-1].to
    assert "approved" in mailoutbox[-1].subject.lower()


def test_decline_needs_a_reason_that_is_mailed(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = BookingFactory()
    with pytest.raises(
        ActionRefused, match=r"^Say why the request is declined: the requester reads it\.$"
    ):
        services.booking_decline(booking=booking, by=na_manager, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(booking=booking, by=na_manager, reason="The kit is in Brazil.")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.DECLINED
    assert "The kit is in Brazil." in mailoutbox[-1].body


def test_a_manager_of_another_region_cannot_approve(sa_manager):
    booking = BookingFactory()
    with pytest.raises(ActionRefused):
        services.booking_approve(booking=booking, by=sa_manager)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.REQUESTED


def test_proposing_another_kit_keeps_the_request_open_for_that_kit(na_manager):
    booking = BookingFactory()
    other = KitFactory(name="Popup NA")
    services.booking_propose_kit(booking=booking, by=na_manager, kit=other, note="Lighter.")
    booking.refresh_from_db()
    assert booking.kit == other
    assert booking.status == BookingStatus.REQUESTED
    assert "Proposed Popup NA" in booking.history.last().reason


def test_the_requester_may_cancel_but_not_approve():
    booking = BookingFactory()
    with pytest.raises(TransitionRefused):
        booking.transition(BookingStatus.APPROVED, by=booking.requester, actor=Actor.REQUESTER)
    services.booking_cancel(booking=booking, by=booking.requester)
    assert booking.status == BookingStatus.CANCELLED


def test_the_database_refuses_overlapping_active_bookings_of_one_kit():
    first = ApprovedBookingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovedBookingFactory(kit=first.kit)


def test_overlap_counts_transit_days():
    first = ApprovedBookingFactory()
    # The second conference starts after the first leaves, but inside its return transit.
    second = BookingFactory(
        kit=first.kit,
        conference_starts=first.leave_on + (first.blocked_end - first.leave_on),
    )
    with pytest.raises(ActionRefused, match=first.conference_name):
        services.booking_approve(booking=second, by=UserFactory(is_superuser=True))


def test_declined_and_cancelled_requests_do_not_block():
    first = ApprovedBookingFactory(status=BookingStatus.CANCELLED)
    BookingFactory(kit=first.kit, status=BookingStatus.DECLINED)
    ApprovedBookingFactory(kit=first.kit)


def test_approving_a_conflict_is_a_message_naming_the_other_dates(na_manager):
    first = ApprovedBookingFactory()
    second = BookingFactory(kit=first.kit)
    with pytest.raises(ActionRefused) as refused:
        services.booking_approve(booking=second, by=na_manager)
    assert f"{first.blocked_start:%d %b %Y}" in str(refused.value)
    assert f"{first.blocked_end:%d %b %Y}" in str(refused.value)

"""When a kit at a conference counts as overdue: the day after its last blocked day
(return transit included), never while the conference or the return trip is still on."""

from datetime import timedelta

import pytest

from kits import services
from kits.models import Booking, BookingStatus
from tests.kits.factories import ApprovedBookingFactory, in_days


def at_event_until(last_blocked_day):
    """A kit at its conference whose blocked period ends on ``last_blocked_day``."""
    leave_on = last_blocked_day - timedelta(days=5)  # the factory's 5 return days
    starts = leave_on - timedelta(days=3)
    return ApprovedBookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=starts,
        conference_ends=starts + timedelta(days=2),
        arrive_by=starts - timedelta(days=1),
        leave_on=leave_on,
    )


@pytest.mark.django_db
def test_a_return_is_overdue_from_the_day_after_its_last_blocked_day():
    overdue = at_event_until(in_days(-1))
    due_today = at_event_until(in_days(0))
    assert (overdue.blocked_end, due_today.blocked_end) == (in_days(-1), in_days(0))
    assert list(Booking.objects.return_overdue()) == [overdue]
    assert overdue.is_return_overdue
    assert not due_today.is_return_overdue


@pytest.mark.django_db
def test_a_kit_still_at_a_running_conference_is_not_in_the_digest():
    at_event_until(in_days(10))
    assert services.overdue_by_region(in_days(0)) == {}

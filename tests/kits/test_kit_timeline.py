"""The kit page's timeline: when a kit is in transit, at a conference, or free to request.

The booking factory's conference is 60 days away; with 5 transit days each way its kit is
held from day 53 (outbound transit) to day 68 (the last day of the return), at the
conference from day 58 to day 63.
"""

from datetime import timedelta

import pytest

from kits.models import BookingStatus, Kit
from tests.kits.factories import ApprovedBookingFactory, BookingFactory, KitFactory, in_days

pytestmark = pytest.mark.django_db


def periods(kit, start=None, days=None):
    """The timeline as (kind, first day, last day) tuples, read as the kit page reads it."""
    kit = Kit.objects.with_status_data().get(pk=kit.pk)
    timeline = kit.timeline(start) if days is None else kit.timeline(start, days)
    return [(p["kind"], p["start"], p["end"]) for p in timeline]


def test_an_approved_booking_shows_transit_conference_and_return_between_free_days():
    booking = ApprovedBookingFactory()
    assert periods(booking.kit, in_days(0), 100) == [
        ("free", in_days(0), in_days(52)),
        ("transit", in_days(53), in_days(57)),
        ("booked", in_days(58), in_days(63)),
        ("transit", in_days(64), in_days(68)),
        ("free", in_days(69), in_days(99)),
    ]


def test_each_period_names_its_booking_and_free_ones_none():
    booking = ApprovedBookingFactory()
    kit = Kit.objects.with_status_data().get(pk=booking.kit.pk)
    timeline = kit.timeline(in_days(0), 100)
    assert [p["booking"] for p in timeline] == [None, booking, booking, booking, None]


def test_the_timeline_starts_today_and_covers_a_year_by_default():
    booking = ApprovedBookingFactory()
    found = periods(booking.kit)
    assert found[0] == ("free", in_days(0), in_days(52))
    assert found[-1] == ("free", in_days(69), in_days(364))


def test_a_window_cuts_the_periods_at_its_first_and_last_day():
    booking = ApprovedBookingFactory()
    # Five days from day 55: the end of the outbound transit and the first conference days.
    assert periods(booking.kit, in_days(55), 5) == [
        ("transit", in_days(55), in_days(57)),
        ("booked", in_days(58), in_days(59)),
    ]


def test_a_window_ending_the_day_before_a_booking_is_free_to_its_last_day():
    booking = ApprovedBookingFactory()
    assert periods(booking.kit, in_days(43), 10) == [("free", in_days(43), in_days(52))]


def test_a_window_starting_on_the_last_held_day_shows_that_day_held():
    booking = ApprovedBookingFactory()
    assert periods(booking.kit, in_days(68), 3) == [
        ("transit", in_days(68), in_days(68)),
        ("free", in_days(69), in_days(70)),
    ]


def test_an_open_request_does_not_hold_the_kit_on_the_timeline():
    booking = BookingFactory()
    assert periods(booking.kit, in_days(0), 100) == [("free", in_days(0), in_days(99))]


@pytest.mark.parametrize("status", [BookingStatus.SHIPPED, BookingStatus.AT_EVENT])
def test_a_kit_on_its_way_or_at_the_conference_is_held_as_booked(status):
    booking = ApprovedBookingFactory(status=status)
    assert periods(booking.kit, in_days(0), 100)[1:4] == [
        ("transit", in_days(53), in_days(57)),
        ("booked", in_days(58), in_days(63)),
        ("transit", in_days(64), in_days(68)),
    ]


def test_an_approved_booking_whose_period_has_passed_leaves_the_kit_free():
    starts = in_days(-30)
    past = ApprovedBookingFactory(
        conference_starts=starts, conference_ends=starts + timedelta(days=2)
    )
    assert periods(past.kit, in_days(0), 10) == [("free", in_days(0), in_days(9))]


def test_a_kit_overdue_from_a_conference_is_held_for_its_return_then_free():
    starts = in_days(-30)
    booking = ApprovedBookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=starts,
        conference_ends=starts + timedelta(days=2),
        return_days=4,
    )
    assert periods(booking.kit, in_days(0), 10) == [
        ("transit", in_days(0), in_days(3)),
        ("free", in_days(4), in_days(9)),
    ]


def test_an_overdue_return_running_into_the_next_booking_leaves_no_free_day_between():
    starts = in_days(-30)
    overdue = ApprovedBookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=starts,
        conference_ends=starts + timedelta(days=2),
        return_days=10,
    )
    # The next conference's outbound transit starts on day 3, before the return is over.
    nxt = ApprovedBookingFactory(
        kit=overdue.kit,
        conference_starts=in_days(10),
        conference_ends=in_days(11),
        arrive_by=in_days(8),
        leave_on=in_days(12),
    )
    assert periods(overdue.kit, in_days(0), 30) == [
        ("transit", in_days(0), in_days(9)),
        ("transit", in_days(3), in_days(7)),
        ("booked", in_days(8), in_days(12)),
        ("transit", in_days(13), in_days(17)),
        ("free", in_days(18), in_days(29)),
    ]
    assert nxt.blocked_start == in_days(3)


def test_periods_come_in_date_order_whatever_order_the_bookings_were_made_in():
    kit = KitFactory()
    later = ApprovedBookingFactory(kit=kit)
    sooner = ApprovedBookingFactory(
        kit=kit,
        conference_starts=in_days(20),
        conference_ends=in_days(21),
        arrive_by=in_days(19),
        leave_on=in_days(22),
    )
    found = periods(kit, in_days(0), 100)
    assert [p[1] for p in found] == sorted(p[1] for p in found)
    assert found[:5] == [
        ("free", in_days(0), in_days(13)),
        ("transit", in_days(14), in_days(18)),
        ("booked", in_days(19), in_days(22)),
        ("transit", in_days(23), in_days(27)),
        ("free", in_days(28), in_days(52)),
    ]
    assert later.blocked_start == in_days(53)
    assert sooner.blocked_end == in_days(27)


@pytest.mark.parametrize("mark", ["retired", "in_repair"])
def test_a_retired_kit_or_one_in_repair_has_no_free_days_ahead(mark):
    kit = KitFactory()
    if mark == "retired":
        kit.retired_on = in_days(0)
    else:
        kit.is_in_repair = True
    kit.save()
    assert periods(kit, in_days(0), 30) == []
    assert Kit.objects.with_status_data().get(pk=kit.pk).free_periods() == []


def test_a_kit_in_repair_offers_no_free_days_before_its_next_booking_either():
    """Its bookings still show (their managers must move them), the days between do not."""
    booking = ApprovedBookingFactory()
    Kit.objects.filter(pk=booking.kit.pk).update(is_in_repair=True)
    assert periods(booking.kit, in_days(0), 100) == [
        ("transit", in_days(53), in_days(57)),
        ("booked", in_days(58), in_days(63)),
        ("transit", in_days(64), in_days(68)),
    ]


def test_the_catalogue_lists_the_free_periods_only():
    booking = ApprovedBookingFactory()
    kit = Kit.objects.with_status_data().get(pk=booking.kit.pk)
    assert [(p["start"], p["end"]) for p in kit.free_periods()] == [
        (in_days(0), in_days(52)),
        (in_days(69), in_days(364)),
    ]


def test_an_open_request_before_an_approved_booking_does_not_hide_that_booking():
    approved = ApprovedBookingFactory()
    BookingFactory(
        kit=approved.kit,
        conference_starts=in_days(20),
        conference_ends=in_days(21),
        arrive_by=in_days(19),
        leave_on=in_days(22),
    )
    assert periods(approved.kit, in_days(0), 100)[1:4] == [
        ("transit", in_days(53), in_days(57)),
        ("booked", in_days(58), in_days(63)),
        ("transit", in_days(64), in_days(68)),
    ]


def test_a_kit_due_home_today_is_not_overdue_and_is_free_from_tomorrow():
    starts = in_days(-10)
    booking = ApprovedBookingFactory(
        status=BookingStatus.AT_EVENT,
        conference_starts=starts,
        conference_ends=starts + timedelta(days=2),
        arrive_by=starts,
        leave_on=in_days(-5),
        return_days=5,
    )
    assert booking.blocked_end == in_days(0)
    assert periods(booking.kit, in_days(0), 3) == [
        ("transit", in_days(0), in_days(0)),
        ("free", in_days(1), in_days(2)),
    ]


def test_a_window_with_one_day_left_after_a_booking_shows_that_day_free():
    booking = ApprovedBookingFactory()
    assert periods(booking.kit, in_days(64), 6) == [
        ("transit", in_days(64), in_days(68)),
        ("free", in_days(69), in_days(69)),
    ]

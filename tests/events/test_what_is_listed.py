"""Which events the public lists hold and in what order, read directly: what is not over
yet (at its boundaries, and at a given moment), the upcoming list, the home page's soonest
rows, and the volunteers' queue."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from events.models import Event, EventStatus, not_over_at
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days

pytestmark = pytest.mark.django_db


def titles(events):
    return [event.title for event in events]


def weekly_since(days_ago, title="Weekly meetup", **kwargs):
    first = in_days(-days_ago, hour=18)
    return EventFactory(
        title=title,
        start=first,
        end=first + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY",
        **kwargs,
    )


# --- not over --------------------------------------------------------------------------------


def test_an_event_ending_this_moment_is_not_over_yet():
    event = EventFactory(start=in_days(-1), end=in_days(1))
    ends = event.end
    assert Event.objects.not_over(ends).filter(pk=event.pk).exists()
    assert not Event.objects.not_over(ends + timedelta(microseconds=1)).filter(pk=event.pk).exists()


def test_a_one_off_that_ended_is_over_whatever_its_stored_series_end():
    event = EventFactory(start=in_days(-3), end=in_days(-2))
    assert event.series_end is None
    assert not Event.objects.not_over().filter(pk=event.pk).exists()
    assert not Event.objects.filter(not_over_at(timezone.now()), pk=event.pk).exists()


def test_a_series_without_end_is_not_over_though_its_first_meeting_is():
    meetup = weekly_since(100)
    assert meetup.series_end is None
    assert meetup.end < timezone.now()
    assert Event.objects.not_over().filter(pk=meetup.pk).exists()
    assert Event.objects.not_over(in_days(3000)).filter(pk=meetup.pk).exists()


def test_a_series_is_not_over_until_its_last_meeting_ends():
    first = in_days(-20, hour=18)
    series = EventFactory(
        start=first, end=first + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY;COUNT=4"
    )  # the last meeting is in a day, at 18:00 for two hours
    last_end = series.series_end
    assert last_end == first + timedelta(days=21, hours=2)
    for now, listed in [
        (timezone.now(), True),
        (last_end, True),
        (last_end + timedelta(microseconds=1), False),
    ]:
        assert Event.objects.not_over(now).filter(pk=series.pk).exists() is listed
        assert Event.objects.filter(not_over_at(now), pk=series.pk).exists() is listed


def test_not_over_judges_by_the_moment_it_is_given():
    soon = EventFactory(start=in_days(2), end=in_days(3))
    assert Event.objects.not_over(in_days(1)).filter(pk=soon.pk).exists()
    assert not Event.objects.not_over(in_days(4)).filter(pk=soon.pk).exists()


# --- upcoming --------------------------------------------------------------------------------


def test_upcoming_holds_public_events_not_over_at_the_given_moment():
    EventFactory(title="Next week", start=in_days(7), end=in_days(8))
    EventFactory(title="Next month", start=in_days(30), end=in_days(31))
    EventFactory(title="Cancelled", start=in_days(9), end=in_days(10), status="cancelled")
    SubmittedEventFactory(title="Waiting", start=in_days(8), end=in_days(9))
    EventFactory(title="Over", start=in_days(-3), end=in_days(-2))
    assert titles(Event.objects.upcoming()) == ["Next week", "Cancelled", "Next month"]
    assert titles(Event.objects.upcoming(now=in_days(20))) == ["Next month"]


def test_upcoming_puts_a_series_with_nothing_stored_to_sort_by_last():
    meetup = weekly_since(30, title="Stale meetup")
    Event.objects.filter(pk=meetup.pk).update(next_start=None)
    EventFactory(title="Far away", start=in_days(300), end=in_days(301))
    EventFactory(title="Soon", start=in_days(3), end=in_days(4))
    assert titles(Event.objects.upcoming()) == ["Soon", "Far away", "Stale meetup"]


def test_upcoming_breaks_a_tie_by_row():
    first = EventFactory(title="First row", start=in_days(5), end=in_days(6))
    EventFactory(title="Second row", start=in_days(5), end=in_days(6))
    # Rewrite the first row (its indexed next start too) so that it is stored last.
    Event.objects.filter(pk=first.pk).update(next_start=F("next_start") + timedelta(seconds=1))
    Event.objects.filter(pk=first.pk).update(next_start=F("next_start") - timedelta(seconds=1))
    assert titles(Event.objects.upcoming()) == ["First row", "Second row"]


# --- soonest: the home page's rows -----------------------------------------------------------


def test_soonest_places_a_series_by_its_meeting_shown_then_by_row():
    meetup = weekly_since(7 * 10 + 1)  # met yesterday at 18:00; meets again in six days
    later = EventFactory(title="Sprint", start=in_days(10), end=in_days(11))
    same_time = EventFactory(title="Twin", start=in_days(10), end=in_days(10, hour=15))
    # The stored next meeting (yesterday's) is stale until the hourly refresh.
    Event.objects.filter(pk=meetup.pk).update(next_start=in_days(-1, hour=18))
    rows = Event.objects.public().order_by("-pk").soonest(3)
    assert [(event.title, start) for event, start, _ in rows] == [
        ("Weekly meetup", in_days(6, hour=18)),
        ("Sprint", later.start),
        ("Twin", same_time.start),
    ]
    assert rows[0][2] == in_days(6, hour=20)


def test_soonest_gives_at_most_the_limit():
    for days in (5, 6, 7):
        EventFactory(title=f"In {days} days", start=in_days(days), end=in_days(days + 1))
    rows = Event.objects.upcoming().soonest(2)
    assert [event.title for event, *_ in rows] == ["In 5 days", "In 6 days"]


def test_soonest_shows_dates_as_of_the_moment_it_is_given():
    meetup = weekly_since(7 * 3)
    moment = in_days(14, hour=21)  # after the meeting 14 days on
    [(_, start, end)] = Event.objects.filter(pk=meetup.pk).soonest(1, now=moment)
    assert (start, end) == (in_days(21, hour=18), in_days(21, hour=20))


def test_soonest_looks_only_at_its_candidates():
    EventFactory(title="First in the list", start=in_days(20), end=in_days(21))
    second = EventFactory(title="Second in the list", start=in_days(30), end=in_days(31))
    # Last in the order it is given, yet the soonest: only a wider look would find it.
    Event.objects.filter(pk=second.pk).update(start=in_days(2), end=in_days(3))
    rows = Event.objects.order_by("-start").soonest(1, candidates=1)
    assert [event.title for event, *_ in rows] == ["First in the list"]


# --- the volunteers' queue -------------------------------------------------------------------


def test_the_queue_holds_submissions_only_oldest_first_then_by_row():
    newer = SubmittedEventFactory(title="Newer")
    older = SubmittedEventFactory(title="Older")
    twin = SubmittedEventFactory(title="Twin of older")
    earlier = newer.created_at - timedelta(hours=2)
    Event.objects.filter(pk__in=[older.pk, twin.pk]).update(created_at=earlier)
    # Rewrite the older row (its indexed end too) so that it is stored after its twin:
    # only the tie-break by row puts it first.
    Event.objects.filter(pk=older.pk).update(end=F("end") + timedelta(seconds=1))
    Event.objects.filter(pk=older.pk).update(end=F("end") - timedelta(seconds=1))
    for status in (EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.WITHDRAWN):
        EventFactory(status=status, title=str(status))
    EventFactory(status=EventStatus.REJECTED, rejection_reason="No.", title="rejected")
    assert titles(Event.objects.waiting()) == ["Older", "Twin of older", "Newer"]
    assert older.pk < twin.pk

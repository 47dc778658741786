"""The calendar's queryset rules read directly: which events fall in a window, which are
past and in what order, which submissions repeat an event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, EventStatus
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def titles(events):
    return [event.title for event in events]


def window():
    """The month grid's question: [10 days from now, 40 days from now)."""
    return in_days(10, hour=0), in_days(40, hour=0)


def one_off(title, start_days, hours=8):
    start = in_days(start_days)
    return EventFactory(title=title, start=start, end=start + timedelta(hours=hours))


def weekly(title, start_days, rule="FREQ=WEEKLY"):
    start = in_days(start_days, hour=18)
    return EventFactory(
        title=title, start=start, end=start + timedelta(hours=2), recurrence_rule=rule
    )


def test_overlapping_keeps_events_and_series_that_may_meet_in_the_window():
    start, end = window()
    one_off("Inside", 20)
    one_off("Across the start", 9, hours=48)
    one_off("Before", 2)
    one_off("After", 45)
    weekly("Open series from before", -30)
    weekly("Series ending inside", -30, rule="FREQ=WEEKLY;COUNT=7")  # last meets day 12
    weekly("Series over before", -60, rule="FREQ=WEEKLY;COUNT=3")
    weekly("Series starting after", 41)
    assert sorted(titles(Event.objects.overlapping(start, end))) == [
        "Across the start",
        "Inside",
        "Open series from before",
        "Series ending inside",
    ]


def test_past_events_are_the_most_recent_first_and_by_newest_row_on_a_tie():
    same_start = in_days(-5)
    older_row = EventFactory(title="Older row", start=same_start, end=same_start + timedelta(1))
    one_off("Long ago", -50)
    newer_row = EventFactory(title="Newer row", start=same_start, end=same_start + timedelta(1))
    one_off("Yesterday", -2, hours=2)
    assert older_row.pk < newer_row.pk
    assert titles(Event.objects.past()) == ["Yesterday", "Newer row", "Older row", "Long ago"]


def test_a_duplicate_has_the_same_title_and_start_or_the_same_website():
    start = in_days(20)
    original = EventFactory(title="PyCon Atlantis", start=start, end=start + timedelta(1))
    EventFactory(title="PyCon Atlantis", start=in_days(50), end=in_days(51))  # next year's
    same_site = EventFactory(title="Other", website_url="https://atlantis.example/")
    found = Event.objects.duplicates_of(title=" pycon atlantis ", start=start)
    assert list(found) == [original]
    found = Event.objects.duplicates_of(
        title="New name", start=in_days(3), website_url="https://atlantis.example/"
    )
    assert list(found) == [same_site]


def test_duplicates_are_listed_by_start_then_row_with_their_calendar_in_the_same_query(
    django_assert_num_queries,
):
    start = in_days(20)
    later = EventFactory(title="Sprint", start=in_days(25), website_url="https://s.example/")
    first = EventFactory(title="Sprint", start=start, end=start + timedelta(hours=8))
    second = EventFactory(title="Sprint", start=start, end=start + timedelta(hours=8))
    with django_assert_num_queries(1):
        found = list(
            Event.objects.duplicates_of(
                title="Sprint", start=start, website_url="https://s.example/"
            )
        )
        assert [event.calendar.name for event in found]
    assert found == [first, second, later]


def test_duplicates_on_one_start_are_listed_by_row_not_in_the_order_they_were_written():
    start = in_days(20)
    # Written first, with the larger row number: the table and its indexes hold it first.
    written_first = EventFactory(
        pk=10_000_000, title="Sprint", start=start, end=start + timedelta(hours=8)
    )
    written_last = EventFactory(title="Sprint", start=start, end=start + timedelta(hours=8))
    found = list(Event.objects.duplicates_of(title="Sprint", start=start))
    assert found == [written_last, written_first]


def test_archived_and_withdrawn_events_are_not_duplicates():
    start = in_days(20)
    for status in (EventStatus.ARCHIVED, EventStatus.WITHDRAWN):
        EventFactory(title="Gone", start=start, status=status, published_at=None)
    assert not Event.objects.duplicates_of(title="Gone", start=start).exists()


def test_submissions_since_counts_only_the_users_own_from_that_moment(member):
    since = timezone.now() - timedelta(days=1)
    recent = EventFactory(submitted_by=member)
    older = EventFactory(submitted_by=member)
    Event.objects.filter(pk=older.pk).update(created_at=since - timedelta(minutes=1))
    EventFactory(submitted_by=UserFactory())
    assert list(Event.objects.submissions_since(member, since)) == [recent]


def flagged(*events):
    rows = Event.objects.with_duplicate_flag().filter(pk__in=[e.pk for e in events])
    return {row.title: row.has_duplicates for row in rows}


def test_a_submission_is_flagged_for_a_similar_event_on_overlapping_dates_or_its_website():
    start = in_days(20)
    EventFactory(title="EuroPython 2031", start=start, end=start + timedelta(days=3))
    similar = SubmittedEventFactory(
        title="EuroPython 2031 Dublin", start=start + timedelta(1), end=start + timedelta(2)
    )
    EventFactory(title="Django Day", website_url="https://djangoday.example/")
    same_site = SubmittedEventFactory(title="DjDay", website_url="https://djangoday.example/")
    assert flagged(similar, same_site) == {"EuroPython 2031 Dublin": True, "DjDay": True}


def test_no_flag_for_other_dates_an_archived_event_empty_websites_or_published_rows():
    start = in_days(20)
    EventFactory(title="PyData Atlantis", start=start - timedelta(400), end=start - timedelta(398))
    EventFactory(title="PyData Atlantis", start=start + timedelta(400), end=start + timedelta(401))
    EventFactory(
        title="PyData Atlantis",
        start=start,
        end=start + timedelta(days=2),
        status=EventStatus.ARCHIVED,
    )
    submission = SubmittedEventFactory(
        title="PyData Atlantis", start=start, end=start + timedelta(days=1), website_url=""
    )
    EventFactory(title="Unrelated meetup", website_url="")
    published = EventFactory(title="Published", start=start, end=start + timedelta(1))
    assert flagged(submission, published) == {"PyData Atlantis": False, "Published": False}

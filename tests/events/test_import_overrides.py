"""Calendars as Google Calendar, Outlook, Thunderbird and Meetup export them: overrides
(RECURRENCE-ID) in any order, "this and future" splits, and time zones the file defines."""

from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from icalendar.timezone import tzp

from events.ics import calendar_to_ical, parse_calendar
from events.models import Event
from events.services import import_ics
from tests.events.factories import user_group_events

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
BERLIN = ZoneInfo("Europe/Berlin")
GOOGLE_UID = "5k3ld9vqs0m1h4qf3r7n2t8a1b@google.com"
WINDOW = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def imported(name: str):
    return import_ics(calendar=user_group_events(), data=fixture(name))


@contextmanager
def fresh_icalendar_zones():
    """icalendar keeps the first VTIMEZONE it parsed for each TZID for the whole process
    (``tzp.cache_timezone_component``), so a file parsed by an earlier test that defines
    "W. Europe Standard Time" otherwise decides how this file's times are read. Starting
    the same provider again empties that cache: before the parse, and after it for the
    next test."""
    tzp.use(tzp.name)
    try:
        yield
    finally:
        tzp.use(tzp.name)


def expanded(data: bytes) -> list[tuple[datetime, datetime, str]]:
    """Meetings as an independent expander (recurring_ical_events) reads ``data``:
    (start, end, title) in UTC, cancelled ones left out, in order."""
    found = []
    with fresh_icalendar_zones():
        calendar = icalendar.Calendar.from_ical(data)
        for vevent in recurring_ical_events.of(calendar).between(*WINDOW):
            if str(vevent.get("status", "")).upper() == "CANCELLED":
                continue
            start, end = vevent["dtstart"].dt, vevent["dtend"].dt
            found.append((start.astimezone(UTC), end.astimezone(UTC), str(vevent["summary"])))
    return sorted(found)


def site_meetings(events) -> list[tuple[datetime, datetime, str]]:
    return sorted(
        (o.start.astimezone(UTC), o.end.astimezone(UTC), o.title or event.title)
        for event in events
        for o in event.occurrences(*WINDOW)
    )


# --- Google: an override before its series, a cancelled instance -------------------------


def test_a_google_override_listed_before_its_series_keeps_the_series():
    result = imported("google_moved_and_cancelled.ics")
    assert (result.created, result.skipped) == (1, [])
    event = Event.objects.get(uid=GOOGLE_UID)
    assert event.recurrence_rule.startswith("FREQ=MONTHLY")
    starts = [o.start for o in event.occurrences(*WINDOW)]
    # Moved from Wednesday 10 March 19:00 to Thursday 11 March 20:00, retitled.
    assert datetime(2027, 3, 11, 20, tzinfo=BERLIN) in starts
    assert datetime(2027, 3, 10, 19, tzinfo=BERLIN) not in starts
    moved = next(o for o in event.occurrences(*WINDOW) if o.start.day == 11)
    assert moved.title == "Berlin Python Meetup: lightning talks"
    # Cancelled in May: left out of lists, shown as cancelled on the event's page.
    assert datetime(2027, 5, 12, 19, tzinfo=BERLIN) not in starts
    with_cancelled = event.occurrences(*WINDOW, include_cancelled=True)
    assert (datetime(2027, 5, 12, 19, tzinfo=BERLIN), True) in {
        (o.start, o.is_cancelled) for o in with_cancelled
    }


def test_the_override_may_come_before_or_after_its_series():
    data = fixture("google_moved_and_cancelled.ics")
    calendar = icalendar.Calendar.from_ical(data)
    vevents = calendar.walk("VEVENT")
    series_first = icalendar.Calendar()
    for vevent in sorted(vevents, key=lambda v: "recurrence-id" in v):
        series_first.add_component(vevent)
    before = parse_calendar(data).events
    after = parse_calendar(series_first.to_ical()).events
    assert [p.values for p in before] == [p.values for p in after]
    assert len(before[0].values["moved_occurrences"]) == 1


def test_reimporting_the_google_export_changes_nothing():
    imported("google_moved_and_cancelled.ics")
    event = Event.objects.get(uid=GOOGLE_UID)
    again = imported("google_moved_and_cancelled.ics")
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 1, [])
    reloaded = Event.objects.get(uid=GOOGLE_UID)
    assert (reloaded.sequence, reloaded.updated_at) == (event.sequence, event.updated_at)


@pytest.mark.parametrize(
    "name",
    [
        "google_moved_and_cancelled.ics",
        "google_this_and_future.ics",
        "outlook_windows_zone.ics",
        "thunderbird_vendor_tzid.ics",
        "meetup_one_vevent_per_meeting.ics",
    ],
)
def test_meetings_equal_an_independent_expanders_of_the_original_file(client, name):
    assert imported(name).skipped == []
    calendar = user_group_events()
    events = list(Event.objects.filter(calendar=calendar))
    original = expanded(fixture(name))
    assert site_meetings(events) == original
    # The feed calendar apps subscribe to says the same (overrides with RECURRENCE-ID).
    feed = client.get(reverse("events:calendar-ics", args=[calendar.slug])).content
    assert expanded(feed) == original
    # And so does each series' own download.
    own = calendar_to_ical(name="x", description="", events=events)
    assert expanded(own) == original


def test_the_independent_expander_reads_each_file_by_its_own_zone_definitions():
    # Another file's "W. Europe Standard Time", four hours east, parsed first in the process.
    elsewhere = fixture("outlook_windows_zone.ics").replace(b"+0100", b"+0500")
    assert expanded(elsewhere.replace(b"+0200", b"+0600"))[0][0] == datetime(
        2027, 1, 7, 13, 30, tzinfo=UTC
    )
    assert expanded(fixture("outlook_windows_zone.ics"))[0][0] == datetime(
        2027, 1, 7, 17, 30, tzinfo=UTC
    )


def test_the_feed_exports_the_moved_meeting_with_its_recurrence_id(client):
    imported("google_moved_and_cancelled.ics")
    feed = client.get(reverse("events:calendar-ics", args=["user-group-events"])).content
    overrides = [
        v for v in icalendar.Calendar.from_ical(feed).walk("VEVENT") if "recurrence-id" in v
    ]
    by_status = {str(v["status"]): v for v in overrides}
    assert by_status["CONFIRMED"]["recurrence-id"].dt == datetime(2027, 3, 10, 19, tzinfo=BERLIN)
    assert by_status["CONFIRMED"]["dtstart"].dt == datetime(2027, 3, 11, 20, tzinfo=BERLIN)
    assert by_status["CANCELLED"]["recurrence-id"].dt == datetime(2027, 5, 12, 19, tzinfo=BERLIN)


# --- RANGE=THISANDFUTURE -----------------------------------------------------------------


def test_this_and_future_splits_the_series_and_reimports_unchanged():
    result = imported("google_this_and_future.ics")
    assert (result.created, result.skipped) == (2, [])
    old, new = Event.objects.order_by("start")
    assert old.title == "PyLondinium evenings"
    assert [o.start.day for o in old.occurrences(*WINDOW)] == [5, 12, 19, 26]
    assert new.title == "PyLondinium evenings (new venue)"
    assert new.local_start == datetime(2027, 2, 2, 19, tzinfo=ZoneInfo("Europe/London"))
    # COUNT=10 in all: four before the split, six after.
    assert len(new.occurrences(*WINDOW)) == 6
    again = imported("google_this_and_future.ics")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


# --- time zones --------------------------------------------------------------------------


def test_an_outlook_windows_zone_name_is_its_iana_zone():
    assert imported("outlook_windows_zone.ics").skipped == []
    series = Event.objects.get(title="Python Meetup Zurich")
    assert series.timezone == "Europe/Berlin"  # CLDR: W. Europe Standard Time
    assert series.start == datetime(2027, 1, 7, 17, 30, tzinfo=UTC)


def test_a_zone_only_the_file_defines_is_read_from_its_vtimezone():
    imported("outlook_windows_zone.ics")
    sprint = Event.objects.get(title="Python Meetup Zurich: summer sprint")
    # "Customized Time Zone" is +02:00 in July, by the file's own VTIMEZONE.
    assert sprint.start == datetime(2027, 7, 15, 7, tzinfo=UTC)
    assert sprint.local_start.hour == 9
    assert sprint.local_start.utcoffset() == datetime(2027, 7, 15, tzinfo=BERLIN).utcoffset()


def test_a_thunderbird_vendor_prefixed_zone_is_its_iana_zone():
    assert imported("thunderbird_vendor_tzid.ics").skipped == []
    event = Event.objects.get()
    assert event.timezone == "Europe/Berlin"
    assert event.local_start == datetime(2027, 1, 5, 19, tzinfo=BERLIN)


def test_meetup_meetings_are_one_event_each():
    result = imported("meetup_one_vevent_per_meeting.ics")
    assert (result.created, result.skipped) == (3, [])
    events = Event.objects.order_by("start")
    assert not any(event.is_recurring for event in events)
    assert [event.local_start.date() for event in events] == [
        date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 16)
    ]  # fmt: skip
    assert {event.timezone for event in events} == {"America/New_York"}


def vevent(dtstart_line: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:zone@example.org\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Somewhere\r\n"
        f"{dtstart_line}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_an_unknown_zone_without_a_definition_is_refused_with_the_reason():
    result = import_ics(
        calendar=user_group_events(), data=vevent("DTSTART;TZID=Atlantis Time:20270301T190000")
    )
    assert result.created == 0
    [(_uid, reason)] = result.skipped
    assert "Atlantis Time" in reason
    assert "does not define it" in reason


def test_floating_times_without_a_calendar_zone_are_refused_not_read_as_utc():
    result = import_ics(calendar=user_group_events(), data=vevent("DTSTART:20270301T190000"))
    assert result.created == 0
    assert "no time zone" in result.skipped[0][1]


def test_a_defined_zone_no_iana_zone_matches_is_refused():
    data = fixture("outlook_windows_zone.ics").replace(b"TZOFFSETTO:+0200", b"TZOFFSETTO:+0237")
    result = import_ics(calendar=user_group_events(), data=data)
    reasons = " ".join(reason for _, reason in result.skipped)
    assert "offsets no IANA time zone has" in reasons

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse

from events.services import event_cancel
from tests.events.factories import (
    EventFactory,
    SubmittedEventFactory,
    next_spring_forward_sunday,
    python_events,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def feed(client, slug="python-events"):
    response = client.get(reverse("events:calendar-ics", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content), response


def vevent(cal, uid):
    return next(c for c in cal.walk("VEVENT") if str(c["UID"]) == uid and "RECURRENCE-ID" not in c)


def test_feed_lists_public_events_with_stable_uid_sequence_and_dtstamp(client):
    event = EventFactory(title="PyCon Lisbon")
    hidden = SubmittedEventFactory(title="Waiting for review")
    cal, _ = feed(client)
    component = vevent(cal, event.uid)
    assert str(component["SUMMARY"]) == "PyCon Lisbon"
    assert component["SEQUENCE"] == 0
    assert component.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert str(component["STATUS"]) == "CONFIRMED"
    assert hidden.uid not in cal.to_ical().decode()


def test_organiser_contact_is_never_in_the_feed(client):
    EventFactory(organiser_email="secret-organiser@example.org", organiser_name="Orla Organiser")
    _, response = feed(client)
    assert b"secret-organiser" not in response.content
    assert b"Orla" not in response.content


def test_a_cancelled_event_is_sent_as_cancelled_with_a_higher_sequence(client, superuser):
    event = EventFactory()
    event_cancel(event=event, by=superuser, reason="Venue flooded")
    component = vevent(feed(client)[0], event.uid)
    assert str(component["STATUS"]) == "CANCELLED"
    assert component["SEQUENCE"] == 1


def test_all_day_events_use_date_values_with_exclusive_end(client):
    start = datetime.combine(date.today() + timedelta(days=40), time.min, tzinfo=BERLIN)
    event = EventFactory(
        is_all_day=True, timezone="Europe/Berlin", start=start, end=start + timedelta(days=3)
    )
    component = vevent(feed(client)[0], event.uid)
    assert component.decoded("DTSTART") == start.date()
    assert component.decoded("DTEND") == start.date() + timedelta(days=3)
    assert "VALUE=DATE" in component.to_ical().decode()


def test_recurring_meetup_has_rrule_exdate_and_cancelled_occurrence(client):
    first = datetime.combine(date.today() + timedelta(days=7), time(19), tzinfo=BERLIN)
    skipped, cancelled = first + timedelta(weeks=1), first + timedelta(weeks=2)
    event = EventFactory(
        timezone="Europe/Berlin",
        start=first,
        end=first + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY;COUNT=5",
        excluded_dates=[skipped],
        cancelled_occurrences=[cancelled],
    )
    cal, _ = feed(client)
    component = vevent(cal, event.uid)
    assert component["RRULE"]["FREQ"] == ["WEEKLY"]
    assert component["EXDATE"].dts[0].dt == skipped
    override = next(c for c in cal.walk("VEVENT") if "RECURRENCE-ID" in c)
    assert str(override["STATUS"]) == "CANCELLED"
    assert override.decoded("RECURRENCE-ID") == cancelled
    occurring = recurring_ical_events.of(cal).between(first, first + timedelta(weeks=6))
    confirmed = [o for o in occurring if str(o.get("STATUS")) != "CANCELLED"]
    assert [o.decoded("DTSTART") for o in confirmed] == [
        first,
        first + timedelta(weeks=3),
        first + timedelta(weeks=4),
    ]


def test_berlin_0900_on_the_dst_weekend_exports_with_its_zone(client):
    sunday = next_spring_forward_sunday()
    saturday = sunday - timedelta(days=1)
    start = datetime.combine(saturday, time(9), tzinfo=BERLIN)
    event = EventFactory(
        timezone="Europe/Berlin",
        start=start,
        end=start + timedelta(hours=8),
        recurrence_rule="FREQ=DAILY;COUNT=2",
    )
    cal, response = feed(client)
    text = response.content.decode()
    assert f"DTSTART;TZID=Europe/Berlin:{saturday:%Y%m%d}T090000" in text
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:Europe/Berlin" in text
    days = recurring_ical_events.of(cal).between(start, start + timedelta(days=2))
    starts = sorted(o.decoded("DTSTART") for o in days if str(o["UID"]) == event.uid)
    # 09:00 local on both days: 08:00 UTC on Saturday (CET), 07:00 UTC on Sunday (CEST).
    assert [s.astimezone(BERLIN).strftime("%H:%M %Z") for s in starts] == [
        "09:00 CET",
        "09:00 CEST",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [8, 7]


def test_feed_answers_304_for_a_matching_etag(client):
    EventFactory()
    url = reverse("events:calendar-ics", args=["python-events"])
    first = client.get(url)
    assert first["ETag"]
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_feed_etag_changes_when_an_event_changes(client):
    event = EventFactory()
    url = reverse("events:calendar-ics", args=["python-events"])
    etag = client.get(url)["ETag"]
    event.title = "Renamed"
    event.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert b"Renamed" in response.content


def test_single_event_download_is_an_attachment(client):
    event = EventFactory(title="PyCon Lisbon")
    response = client.get(reverse("events:event-ics", args=["python-events", event.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="pycon-lisbon.ics"'
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(c["UID"]) for c in cal.walk("VEVENT")] == [event.uid]


def test_a_submitted_event_has_no_public_download(client):
    event = SubmittedEventFactory()
    response = client.get(reverse("events:event-ics", args=["python-events", event.pk]))
    assert response.status_code == 404


def test_unknown_calendar_feed_is_404(client):
    assert client.get("/events/no-such-calendar.ics").status_code == 404


def test_only_the_calendars_own_events_are_in_its_feed(client):
    theirs = EventFactory(calendar=python_events())
    cal, _ = feed(client, "user-group-events")
    assert theirs.uid not in cal.to_ical().decode()


def test_signed_in_readers_get_a_fresh_feed_too(client, member):
    client.force_login(member)
    event = EventFactory(title="Before")
    url = reverse("events:calendar-ics", args=["python-events"])
    assert b"Before" in client.get(url).content
    event.title = "After"
    event.save()
    assert b"After" in client.get(url).content

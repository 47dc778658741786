"""Issue 16 §6: the feeds' VTIMEZONEs are in the RRULE form Google Calendar and Outlook
export, and a client that knows only the VTIMEZONE (not the IANA name) reads every time
as zoneinfo does."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse

from events.vtimezone import vtimezone
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

ZONES = ["Europe/Paris", "America/Los_Angeles"]


def observances(text):
    return (
        icalendar.Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{text}END:VCALENDAR\r\n")
        .walk("VTIMEZONE")[0]
        .subcomponents
    )


def as_unknown_zone(text, zone):
    """The VTIMEZONE under a TZID no library knows, so a reader must use its rules."""
    return text.replace(f"TZID:{zone}", f"TZID:X-Test-{zone}")


def offsets_read_back(text, zone, instants):
    calendar = icalendar.Calendar.from_ical(
        f"BEGIN:VCALENDAR\r\n{as_unknown_zone(text, zone)}END:VCALENDAR\r\n"
    )
    tz = calendar.walk("VTIMEZONE")[0].to_tz()
    return [instant.astimezone(tz).utcoffset() for instant in instants]


def instants_around_changes(zone, first_year, last_year):
    """Every 10 days, plus an hour either side of each change, 1970 to ``last_year``."""
    tz = zoneinfo.ZoneInfo(zone)
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    found = []
    previous = moment.astimezone(tz).utcoffset()
    while moment.year <= last_year:
        found.append(moment)
        offset = moment.astimezone(tz).utcoffset()
        if offset != previous:
            low, high = moment - timedelta(days=10), moment
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            found += [high - timedelta(hours=1), high - timedelta(minutes=1), high]
            found += [high + timedelta(minutes=1), high + timedelta(hours=1)]
            previous = offset
        moment += timedelta(days=10)
    return found


@pytest.mark.parametrize("zone", ZONES)
def test_observances_repeat_by_rrule_without_rdate_lists(zone):
    parts = observances(vtimezone(zone, last_year=2040))
    assert {part.name for part in parts} == {"STANDARD", "DAYLIGHT"}
    assert all("RDATE" not in part for part in parts)
    current = [part for part in parts if "RRULE" in part and "UNTIL" not in part["RRULE"]]
    # Today's rules, open-ended, one for each direction, as Google Calendar writes them.
    assert sorted(part.name for part in current) == ["DAYLIGHT", "STANDARD"]
    assert len(parts) < 20


def test_the_onset_is_in_the_wall_time_before_the_change():
    parts = observances(vtimezone("Europe/Paris", last_year=2040))
    current = {
        part.name: part for part in parts if "RRULE" in part and "UNTIL" not in part["RRULE"]
    }
    # Clocks go forward at 02:00 CET and back at 03:00 CEST (RFC 5545's example form).
    assert current["DAYLIGHT"]["DTSTART"].dt.time().hour == 2
    assert current["STANDARD"]["DTSTART"].dt.time().hour == 3
    assert current["DAYLIGHT"]["RRULE"]["BYDAY"] == ["-1SU"]


@pytest.mark.parametrize("zone", [*ZONES, "Australia/Sydney", "Asia/Tokyo", "America/Sao_Paulo"])
def test_a_reader_of_the_vtimezone_alone_gets_every_offset_right(zone):
    instants = instants_around_changes(zone, 1971, 2038)
    expected = [instant.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() for instant in instants]
    assert offsets_read_back(vtimezone(zone, last_year=2040), zone, instants) == expected


def test_a_feed_with_paris_and_los_angeles_round_trips_its_times(client):
    paris = EventFactory(
        title="Paris summer",
        timezone="Europe/Paris",
        start=datetime(2027, 7, 1, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
        end=datetime(2027, 7, 1, 17, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
        recurrence_rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=6",
    )
    los_angeles = EventFactory(
        title="LA winter",
        timezone="America/Los_Angeles",
        start=datetime(2027, 1, 14, 18, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")),
        end=datetime(2027, 1, 14, 20, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")),
    )
    text = client.get(reverse("events:calendar-ics", args=["python-events"])).content.decode()
    assert text.count("BEGIN:VTIMEZONE") == 2
    assert "RDATE" not in text
    for zone in ZONES:
        text = text.replace(f"TZID={zone}", f"TZID=X-{zone}").replace(
            f"TZID:{zone}", f"TZID:X-{zone}"
        )
    calendar = icalendar.Calendar.from_ical(text)
    starts = {str(e["SUMMARY"]): e["DTSTART"].dt for e in calendar.walk("VEVENT")}
    # Read through the feed's VTIMEZONEs, not through zoneinfo.
    assert not isinstance(starts["Paris summer"].tzinfo, zoneinfo.ZoneInfo)
    assert starts["Paris summer"].astimezone(UTC) == paris.start
    assert starts["LA winter"].astimezone(UTC) == los_angeles.start

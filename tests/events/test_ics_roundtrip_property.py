"""Property: whatever a published event holds, our feed re-imports into the same event."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.ics import calendar_to_ical, parse_calendar, values_from_event
from events.models import Event
from events.services import import_ics
from tests.events.factories import python_events, user_group_events

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
         "Pacific/Auckland", "America/Sao_Paulo"]  # fmt: skip
RULES = ["", "FREQ=WEEKLY", "FREQ=MONTHLY;BYDAY=+2TU", "FREQ=DAILY;COUNT=3",
         "FREQ=WEEKLY;INTERVAL=2;UNTIL=20301231T000000Z"]  # fmt: skip
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
TEXT = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs"], include_characters=",.;:!?'()-"),
    min_size=1,
    max_size=80,
).map(lambda s: " ".join(s.split()))


@st.composite
def events(draw):
    zone = draw(st.sampled_from(ZONES))
    all_day = draw(st.booleans())
    local = draw(
        st.datetimes(min_value=datetime(2027, 1, 1), max_value=datetime(2030, 12, 31))
    ).replace(second=0, microsecond=0, tzinfo=ZoneInfo(zone))
    if all_day:
        local = local.replace(hour=0, minute=0)
        start, end = local, local + timedelta(days=draw(st.integers(1, 5)))
    else:
        start = local.astimezone(UTC)
        end = start + timedelta(minutes=draw(st.integers(30, 3 * 24 * 60)))
    rule = draw(st.sampled_from(RULES))
    if rule and (end - start) > timedelta(days=1):
        rule = "FREQ=MONTHLY;BYDAY=+2TU"
    return {
        "title": draw(TEXT.filter(bool)),
        "description": draw(TEXT),
        "timezone": zone,
        "is_all_day": all_day,
        "start": start,
        "end": end,
        "recurrence_rule": rule,
        "tags": draw(st.lists(WORDS, max_size=3, unique=True)),
        "category": draw(st.sampled_from(Event.Category.values)),
        "attendance_mode": draw(st.sampled_from(Event.AttendanceMode.values)),
        "city": draw(TEXT),
        "country": draw(st.sampled_from(["", "DE", "IN", "NZ", "US"])),
        "website_url": draw(st.sampled_from(["", "https://example.org/a?b=c;d"])),
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=events())
def test_any_published_event_round_trips_through_its_feed(fields):
    Event.objects.all().delete()
    original = Event.objects.create(calendar=python_events(), status="published", **fields)
    original.refresh_from_db()
    feed = calendar_to_ical(name="Test", description="", events=[original])
    icalendar.Calendar.from_ical(feed)  # parses
    assert len(parse_calendar(feed).events) == 1

    again = import_ics(calendar=python_events(), data=feed)
    assert (again.unchanged, again.updated, again.skipped) == (1, 0, [])

    copy = import_ics(calendar=user_group_events(), data=feed)
    assert copy.created == 1, copy.skipped
    imported = Event.objects.get(calendar=user_group_events())
    assert values_from_event(imported) == values_from_event(original)

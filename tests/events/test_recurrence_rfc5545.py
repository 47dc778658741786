"""Issue 16 §6: the site expands a series as calendar clients do (recurring_ical_events
over the same VEVENT from our own feed), DTSTART included when the rule does not make it."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.ics import calendar_to_ical
from tests.events.factories import EventFactory, python_events

pytestmark = pytest.mark.django_db

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Australia/Sydney"]


def client_starts(event, after, before):
    """Starts of ``event``'s occurrences in [after, before) as recurring_ical_events reads
    the event from the site's ICS."""
    ics = calendar_to_ical(name="test", description="", events=[event])
    calendar = icalendar.Calendar.from_ical(ics)
    found = recurring_ical_events.of(calendar).between(after, before)
    return sorted(o.start for o in found if after <= o.start < before)


def site_starts(event, after, before):
    return sorted(o.start for o in event.occurrences(after, before) if after <= o.start < before)


def series(start, rule, zone="Europe/Berlin", **extra):
    local = start.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return EventFactory(
        calendar=python_events(),
        start=local,
        end=local + timedelta(hours=2),
        timezone=zone,
        recurrence_rule=rule,
        **extra,
    )


def test_a_first_thursday_series_starting_on_a_fourth_thursday_meets_that_day_too():
    event = series(datetime(2026, 11, 26, 19), "FREQ=MONTHLY;BYDAY=1TH")
    after, before = datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC)
    starts = site_starts(event, after, before)
    assert [s.date().isoformat() for s in starts] == [
        "2026-11-26", "2026-12-03", "2027-01-07",
    ]  # fmt: skip
    assert starts == client_starts(event, after, before)


def test_the_count_and_the_series_end_agree_with_calendar_clients():
    event = series(datetime(2026, 11, 26, 19), "FREQ=MONTHLY;BYDAY=1TH;COUNT=3")
    after, before = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    starts = site_starts(event, after, before)
    assert starts == client_starts(event, after, before)
    assert event.series_end == starts[-1] + timedelta(hours=2)


def test_pages_and_feeds_show_the_dtstart_meeting(client):
    start = datetime.now(UTC) + timedelta(days=60)
    # The 4th (or 5th) weekday of its month, in a "first weekday of the month" series.
    start = start.replace(day=26, hour=18, minute=0, second=0, microsecond=0)
    weekday = DAYS[start.weekday()]
    event = series(start.replace(tzinfo=None), f"FREQ=MONTHLY;BYDAY=1{weekday}", zone="UTC")
    month = reverse("events:calendar-month", args=["python-events", start.year, start.month])
    # The only meeting in its month is DTSTART: the rule's first weekday came before it.
    assert f'href="{event.get_absolute_url()}"' in client.get(month).text
    feed = client.get(reverse("events:calendar-json", args=["python-events"])).json()
    item = next(i for i in feed["events"] if i["title"] == event.title)
    assert item["start"].startswith(start.strftime("%Y-%m-%d"))
    assert event.next_start == start


@st.composite
def rules(draw):
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 3))}")
    if freq == "WEEKLY" or (freq == "DAILY" and draw(st.booleans())):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    elif freq == "MONTHLY" and draw(st.booleans()):
        nth = draw(st.sampled_from(["1", "2", "3", "4", "-1"]))
        parts.append(f"BYDAY={nth}{draw(st.sampled_from(DAYS))}")
    elif freq == "MONTHLY":
        parts.append(f"BYMONTHDAY={draw(st.sampled_from(['1', '13', '28', '-1']))}")
    end = draw(st.sampled_from(["", "COUNT", "UNTIL"]))
    if end == "COUNT":
        parts.append(f"COUNT={draw(st.integers(1, 8))}")
    elif end == "UNTIL":
        parts.append("UNTIL=20280101T000000Z")
    return ";".join(parts)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rule=rules(),
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 1)),
    window_start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 1)),
    skip_second=st.booleans(),
)
def test_the_site_expands_every_series_as_calendar_clients_do(
    rule, zone, start, window_start, skip_second
):
    event = series(start.replace(second=0, microsecond=0), rule, zone=zone)
    if skip_second:
        second = site_starts(event, event.local_start + timedelta(seconds=1), event.series_end
                             or event.local_start + timedelta(days=800))[:1]  # fmt: skip
        event.excluded_dates = second
        event.save()
    after = window_start.replace(tzinfo=UTC)
    before = after + timedelta(days=120)
    assert site_starts(event, after, before) == client_starts(event, after, before)
    event.delete()


def test_demo_series_start_on_a_meeting_their_rule_makes(settings):
    from io import StringIO

    from dateutil.rrule import rrulestr
    from django.core.management import call_command

    from events.models import Event

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    series_list = list(Event.objects.recurring())
    assert series_list
    for event in series_list:
        rule = rrulestr(event.recurrence_rule, dtstart=event.local_start)
        assert rule.after(event.local_start, inc=True) == event.local_start, event.title
        event.full_clean()

"""Pure answers the month grid and the lists keep per process (docs/performance-exceptions.md):
each must change as soon as anything it depends on changes."""

import zoneinfo
from datetime import datetime, timedelta

from django.urls import reverse

from events.models import Calendar, Event, window_rule_starts

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_an_event_path_follows_its_calendar_title_and_number():
    event = Event(pk=5, calendar=Calendar(slug="python-events"), title="PyCon Ünïted 2027")
    first = event.get_absolute_url()
    assert first == reverse(
        "events:event-detail",
        kwargs={"calendar": "python-events", "pk": 5, "slug": "pycon-united-2027"},
    )
    event.title = "PyCon United 2028"
    assert event.get_absolute_url() == "/events/python-events/5/pycon-united-2028/"
    event.calendar = Calendar(slug="user-group-events")
    assert event.get_absolute_url() == "/events/user-group-events/5/pycon-united-2028/"
    event.pk = 6
    assert event.get_absolute_url() == "/events/user-group-events/6/pycon-united-2028/"


def test_an_event_path_follows_the_script_prefix(settings):
    from django.urls import set_script_prefix

    event = Event(pk=5, calendar=Calendar(slug="python-events"), title="Sprint")
    try:
        set_script_prefix("/portal/")
        assert event.get_absolute_url() == "/portal/events/python-events/5/sprint/"
    finally:
        set_script_prefix("/")
    assert event.get_absolute_url() == "/events/python-events/5/sprint/"


def _series(rule):
    start = datetime(2026, 3, 3, 18, tzinfo=BERLIN)
    return Event(
        start=start, end=start + timedelta(hours=2), timezone="Europe/Berlin", recurrence_rule=rule
    )


def test_a_series_window_is_expanded_once_and_follows_its_rule():
    after, before = datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2026, 12, 1, tzinfo=BERLIN)
    weekly = _series("FREQ=WEEKLY;BYDAY=TU")
    # Counted from after the first call: a session run earlier in the same process
    # (mutmut runs its statistics and clean run in one) may have kept this window already.
    first = weekly.starts_between(after, before)
    hits = window_rule_starts.cache_info().hits
    assert weekly.starts_between(after, before) == first
    assert window_rule_starts.cache_info().hits == hits + 1
    assert [start.day for start in first] == [3, 10, 17, 24]
    assert all(start.hour == 18 for start in first)  # wall time kept after DST
    # The answer is keyed by the rule, its start and its zone, not by the event.
    monthly = _series("FREQ=MONTHLY;BYDAY=1TU")
    assert [start.day for start in monthly.starts_between(after, before)] == [3]
    weekly.start = weekly.start + timedelta(days=1)
    weekly.recurrence_rule = "FREQ=WEEKLY;BYDAY=WE"
    assert [start.day for start in weekly.starts_between(after, before)] == [4, 11, 18, 25]
    weekly.timezone = "UTC"  # 17:00 UTC, 18:00 in Berlin's winter
    assert {start.hour for start in weekly.starts_between(after, before)} == {17}

from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from events.models import Calendar, Event

TAG = Template("{% load events_tags %}{% event_when event start end show_reader %}")


def when(start, end, *, zone="Europe/Berlin", all_day=False, show_reader=False):
    event = Event(timezone=zone, is_all_day=all_day, start=start, end=end)
    context = {"event": event, "start": start, "end": end, "show_reader": show_reader}
    return TAG.render(Context(context))


def test_an_evening_in_the_events_own_zone():
    start = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    html = when(start, start.replace(hour=19))
    assert html == '<span class="event-when">Wed 2 Dec 2026, 18:00\N{EN DASH}20:00 CET</span>'


def test_an_event_over_several_days_names_both_ends():
    html = when(datetime(2026, 7, 15, 17, tzinfo=UTC), datetime(2026, 7, 17, 15, tzinfo=UTC))
    assert html == (
        '<span class="event-when">Wed 15 Jul 2026, 19:00 \N{EN DASH} '
        "Fri 17 Jul 2026, 17:00 CEST</span>"
    )


@pytest.mark.parametrize(
    ("last_day", "expected"),
    [(4, "Fri 4 Sep 2026"), (6, "Fri 4 Sep 2026 \N{EN DASH} Sun 6 Sep 2026")],
)
def test_all_day_events_show_their_days_only(last_day, expected):
    zone = "America/Toronto"
    start = datetime(2026, 9, 4, 4, tzinfo=UTC)  # local midnight
    end = datetime(2026, 9, last_day + 1, 4, tzinfo=UTC)  # midnight after the last day
    assert (
        when(start, end, zone=zone, all_day=True) == f'<span class="event-when">{expected}</span>'
    )


def test_the_reader_time_is_given_in_utc_for_the_pages_script():
    start = datetime(2026, 6, 26, 18, tzinfo=UTC)
    html = when(start, start.replace(hour=20), zone="Europe/Lisbon", show_reader=True)
    assert html == (
        '<span class="event-when">Fri 26 Jun 2026, 19:00\N{EN DASH}21:00 WEST</span>'
        '<span class="reader-time-wrap"> · <time class="reader-time" '
        'datetime="2026-06-26T18:00:00+00:00" data-end="2026-06-26T20:00:00+00:00" '
        'data-event-tz="Europe/Lisbon">Fri 26 Jun 2026, 18:00\N{EN DASH}20:00 UTC</time></span>'
    )


def test_month_entries_mark_times_cancellations_and_escape_titles():
    start = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    calendar = Calendar(slug="python-events")
    meetup = Event(pk=7, calendar=calendar, title="<b>Meetup</b>", timezone="UTC")
    sprint = Event(pk=8, calendar=calendar, title="Sprint", timezone="UTC", is_all_day=True)
    html = Template("{% load events_tags %}{% month_entries entries %}").render(
        Context({"entries": [(meetup, start, True), (sprint, start, False)]})
    )
    assert html == (
        '<li class="month-event is-cancelled"><span class="month-time">17:00</span> '
        '<a href="/events/python-events/7/bmeetupb/">&lt;b&gt;Meetup&lt;/b&gt;</a>'
        ' <span class="badge text-bg-danger">Cancelled</span></li>'
        '<li class="month-event"><a href="/events/python-events/8/sprint/">Sprint</a></li>'
    )

"""A moved, retitled or cancelled meeting of a series, on every page and feed."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, EventStatusChange, moved_occurrence_entry
from events.month_grid import MonthGrid
from events.services import event_occurrence_change
from tests.events.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def weekly_series(**kwargs):
    """A weekly meetup whose next meeting (in 3 days) is moved a day and an hour later
    and renamed, and whose meeting after that is cancelled."""
    start = in_days(3, hour=18).astimezone(UTC)
    moved_from = start
    moved_to = start + timedelta(days=1, hours=1)
    event = EventFactory(
        title="Weekly meetup",
        start=start - timedelta(weeks=1),
        end=start - timedelta(weeks=1) + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY;COUNT=6",
        moved_occurrences=[
            moved_occurrence_entry(
                original=moved_from,
                start=moved_to,
                end=moved_to + timedelta(hours=2),
                title="Weekly meetup: sprint night",
            )
        ],
        cancelled_occurrences=[start + timedelta(weeks=1)],
        **kwargs,
    )
    return event, moved_from, moved_to


def test_the_event_page_shows_the_moved_meeting_and_the_cancelled_one(client):
    event, moved_from, moved_to = weekly_series()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "sprint night" in page
    assert f"{moved_to:%-d %B %Y}" in page or f"{moved_to:%-d %b %Y}" in page
    assert 'badge text-bg-danger">Cancelled<' in page
    starts = [o.start for o in event.occurrences(moved_from - timedelta(days=1), moved_to)]
    assert moved_from not in starts


def test_the_month_grid_places_the_moved_meeting_on_its_new_day_only():
    event, moved_from, moved_to = weekly_series()
    grid = MonthGrid(moved_to.year, moved_to.month)
    placed = {day for day, shown, _ in grid.days([event]) if shown}
    assert moved_to.date() in placed
    assert moved_from.date() not in placed
    cancelled_day = (moved_from + timedelta(weeks=1)).date()
    if cancelled_day.month == moved_to.month:
        assert cancelled_day not in placed


def test_json_and_rss_announce_the_series_by_its_moved_meeting(client):
    event, _, moved_to = weekly_series()
    data = json.loads(client.get(reverse("events:calendar-json", args=["python-events"])).content)
    [item] = [item for item in data["events"] if item["uid"] == event.uid]
    assert datetime.fromisoformat(item["start"]) == moved_to
    rss = client.get(reverse("events:calendar-rss", args=["python-events"])).content.decode()
    assert moved_to.strftime("%a %d %b %Y, %H:%M") in rss


def test_the_series_own_ics_moves_the_meeting_with_its_recurrence_id(client):
    event, moved_from, moved_to = weekly_series()
    data = client.get(reverse("events:event-ics", args=["python-events", event.pk])).content
    overrides = {
        str(v["status"]): v
        for v in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if "recurrence-id" in v
    }
    assert overrides["CONFIRMED"]["recurrence-id"].dt == moved_from
    assert overrides["CONFIRMED"]["dtstart"].dt == moved_to
    assert str(overrides["CONFIRMED"]["summary"]) == "Weekly meetup: sprint night"
    assert overrides["CANCELLED"]["recurrence-id"].dt == moved_from + timedelta(weeks=1)


CALENDAR_PAGES = [
    reverse("events:index"),
    reverse("events:calendar", args=["python-events"]),
    reverse("events:calendar-month-current", args=["python-events"]),
    reverse("events:calendar-widget", args=["python-events"]),
    reverse("events:calendar-ics", args=["python-events"]),
    reverse("events:calendar-rss", args=["python-events"]),
    reverse("events:calendar-json", args=["python-events"]),
]


@pytest.mark.parametrize("url", CALENDAR_PAGES)
def test_calendar_pages_run_as_many_queries_with_overrides(client, url):
    for _ in range(2):
        weekly_series()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code in (200, 302)
    for _ in range(8):
        weekly_series()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code in (200, 302)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- a volunteer moves or cancels one meeting --------------------------------------------


def test_a_volunteer_moves_one_meeting_and_the_history_says_why(calendar_volunteer):
    start = in_days(7, hour=18)
    event = EventFactory(start=start, end=start + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY")
    original = start + timedelta(weeks=1)
    new_start = original + timedelta(days=1)
    event_occurrence_change(
        event=event, original=original, start=new_start, by=calendar_volunteer,
        reason="The venue is closed that Tuesday.",
    )  # fmt: skip
    event.refresh_from_db()
    starts = [o.start for o in event.occurrences(start, start + timedelta(weeks=3))]
    assert new_start in starts
    assert original not in starts
    assert event.sequence == 1
    record = EventStatusChange.objects.filter(event=event).latest()
    assert record.by == calendar_volunteer
    assert "The venue is closed that Tuesday." in record.reason
    assert f"{new_start:%Y-%m-%d}" in record.reason


def test_a_volunteer_cancels_one_meeting_with_a_reason(calendar_volunteer):
    start = in_days(7, hour=18)
    event = EventFactory(start=start, end=start + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY")
    original = start + timedelta(weeks=2)
    event_occurrence_change(
        event=event, original=original, cancel=True, by=calendar_volunteer, reason="Holiday."
    )
    event.refresh_from_db()
    assert event.cancelled_occurrences == [original]
    assert EventStatusChange.objects.filter(event=event, reason__contains="Holiday.").exists()


def test_a_meeting_change_needs_a_reason_and_a_real_meeting(calendar_volunteer):
    from community.workflow import ActionRefused

    start = in_days(7, hour=18)
    event = EventFactory(start=start, end=start + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY")
    with pytest.raises(ActionRefused, match="why"):
        event_occurrence_change(
            event=event, original=start, cancel=True, by=calendar_volunteer, reason=" "
        )
    with pytest.raises(ActionRefused, match="no meeting"):
        event_occurrence_change(
            event=event, original=start + timedelta(days=1), cancel=True,
            by=calendar_volunteer, reason="Holiday.",
        )  # fmt: skip
    assert Event.objects.get(pk=event.pk).cancelled_occurrences == []


def test_the_admin_moves_one_meeting_with_the_reason_in_the_history(client, calendar_volunteer):
    from tests.events.factories import python_events
    from tests.events.test_moderation_admin import change_form_data

    python_events().volunteers.add(calendar_volunteer)
    start = in_days(7, hour=18)
    event = EventFactory(start=start, end=start + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY")
    client.force_login(calendar_volunteer)
    second = start + timedelta(weeks=1)
    moved_to = second + timedelta(days=1, hours=1)
    url, data = change_form_data(
        client,
        event,
        meeting_date=second.date().isoformat(),
        meeting_new_start=moved_to.strftime("%Y-%m-%d %H:%M"),
        meeting_reason="The room is booked that evening.",
    )
    data.pop("meeting_cancel", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(pk=event.pk)
    starts = [o.start for o in event.occurrences(start, start + timedelta(weeks=3))]
    assert moved_to in starts
    assert second not in starts
    assert EventStatusChange.objects.filter(
        event=event, by=calendar_volunteer, reason__contains="The room is booked"
    ).exists()

    url, data = change_form_data(client, event, meeting_date=second.date().isoformat())
    data.pop("meeting_cancel", None)
    page = client.post(url, data).content.decode()
    assert "Say why this meeting changes." in page

"""The public rule of events, one definition (issue 25): every public list, grid and
feed of both calendars leaves out every event that is not public, and the event's page
agrees with them."""

import pytest
from django.urls import reverse

from events.models import Calendar, Event, EventStatus
from tests.events.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [status for status in EventStatus if not Event(status=status).is_public]
# A rejected event carries its reason (a database constraint).
REASONS = {EventStatus.REJECTED: "Not a Python event."}
CALENDARS = [Calendar.PYTHON_EVENTS, Calendar.USER_GROUP_EVENTS]


def month_of(event):
    return {"year": event.start.year, "month": event.start.month}


# surface → (days from now of both events, URL of the page showing them)
SURFACES = {
    "calendar": (30, lambda cal, event: reverse("events:calendar", args=[cal])),
    "events index": (30, lambda cal, event: reverse("events:index")),
    "month grid": (
        30,
        lambda cal, event: reverse(
            "events:calendar-month", kwargs={"calendar": cal, **month_of(event)}
        ),
    ),
    "archive": (-30, lambda cal, event: reverse("events:calendar-past", args=[cal])),
    "ics": (30, lambda cal, event: reverse("events:calendar-ics", args=[cal])),
    "rss": (30, lambda cal, event: reverse("events:calendar-rss", args=[cal])),
    "atom": (30, lambda cal, event: reverse("events:calendar-atom", args=[cal])),
    "json": (30, lambda cal, event: reverse("events:calendar-json", args=[cal])),
    "widget": (30, lambda cal, event: reverse("events:calendar-widget", args=[cal])),
    "home page": (30, lambda cal, event: reverse("community:home")),
}


def make_pair(calendar_slug, days, status):
    calendar = Calendar.objects.get(slug=calendar_slug)
    start = in_days(days)
    public = EventFactory(calendar=calendar, title="Zephyr public sprint", start=start)
    hidden = EventFactory(
        calendar=calendar,
        title="Zephyr hidden sprint",
        start=start,
        status=status,
        rejection_reason=REASONS.get(status, ""),
        published_at=None,
        website_url="https://example.org/hidden-sprint/",
    )
    return public, hidden


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("calendar", CALENDARS)
@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_public_lists_and_feeds_leave_out_events_that_are_not_public(
    client, surface, calendar, status
):
    days, url_of = SURFACES[surface]
    public, hidden = make_pair(calendar, days, status)
    response = client.get(url_of(calendar, public))
    assert response.status_code == 200
    body = b"".join(response) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        import gzip

        body = gzip.decompress(body)
    body = body.decode()
    assert public.title in body
    assert hidden.title not in body
    assert hidden.website_url not in body


@pytest.mark.parametrize("calendar", CALENDARS)
@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_an_event_that_is_not_public_has_no_page_and_no_ics(client, calendar, status):
    public, hidden = make_pair(calendar, 30, status)
    assert b"application/ld+json" in client.get(public.get_absolute_url()).content
    assert client.get(hidden.get_absolute_url()).status_code == 404
    event_ics = reverse("events:event-ics", args=[calendar, hidden.pk])
    assert client.get(event_ics).status_code == 404


@pytest.mark.parametrize("status", list(EventStatus))
def test_the_event_and_the_queryset_answer_alike(status):
    event = EventFactory(status=status, rejection_reason=REASONS.get(status, ""))
    assert event.is_public == Event.objects.public().filter(pk=event.pk).exists()


def test_published_and_cancelled_events_are_the_public_ones():
    # Cancelled events stay listed so subscribed calendar apps learn of the cancellation.
    assert set(NOT_PUBLIC) == {
        EventStatus.SUBMITTED,
        EventStatus.REJECTED,
        EventStatus.WITHDRAWN,
        EventStatus.ARCHIVED,
    }

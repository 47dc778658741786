import json
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, resolve, reverse, set_script_prefix, set_urlconf

from events.models import Calendar, Event
from events.services import event_cancel
from representatives.models import Region
from tests.events.factories import (
    EventFactory,
    SubmittedEventFactory,
    in_days,
    next_spring_forward_sunday,
    python_events,
    user_group_events,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")

# The events' pages at another path, as a per-request urlconf (``request.urlconf``) gives them.
urlpatterns = [path("elsewhere/", include("events.urls"))]


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_events_index_lists_upcoming_events_of_both_calendars(client):
    EventFactory(title="PyCon Lisbon")
    EventFactory(title="Berlin meetup", calendar=user_group_events())
    EventFactory(title="Last year's PyCon", start=in_days(-300), end=in_days(-298))
    SubmittedEventFactory(title="Not reviewed yet")
    page = html(client, reverse("events:index"))
    assert "PyCon Lisbon" in page
    assert "Berlin meetup" in page
    assert "Last year" not in page
    assert "Not reviewed yet" not in page


def test_calendar_page_lists_only_its_own_upcoming_events(client):
    EventFactory(title="PyCon Lisbon")
    EventFactory(title="Berlin meetup", calendar=user_group_events())
    page = html(client, reverse("events:calendar", args=["python-events"]))
    assert "PyCon Lisbon" in page
    assert "Berlin meetup" not in page


def test_upcoming_is_soonest_first_and_a_running_series_stays_listed(client):
    EventFactory(title="Later", start=in_days(60), end=in_days(61))
    EventFactory(title="Sooner", start=in_days(5), end=in_days(6))
    EventFactory(
        title="Weekly since last year",
        start=in_days(-300),
        end=in_days(-300) + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY",
    )
    page = html(client, reverse("events:calendar", args=["python-events"]))
    assert page.index("Weekly since last year") < page.index("Sooner") < page.index("Later")


def test_past_archive_lists_events_that_are_over(client):
    EventFactory(title="Last year's PyCon", start=in_days(-300), end=in_days(-298))
    EventFactory(title="PyCon Lisbon")
    page = html(client, reverse("events:calendar-past", args=["python-events"]))
    assert "Last year&#x27;s PyCon" in page
    assert "PyCon Lisbon" not in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"country": "DE"}, "Berlin sprint", "Lisbon conference"),
        ({"region": "europe"}, "Berlin sprint", "Online workshop"),
        ({"category": "sprint"}, "Berlin sprint", "Lisbon conference"),
        ({"online": "on"}, "Online workshop", "Berlin sprint"),
        ({"q": "lisbon"}, "Lisbon conference", "Berlin sprint"),
    ],
)
def test_filters_narrow_the_list(client, query, shown, hidden):
    europe = Region.objects.get(slug="europe")
    EventFactory(
        title="Berlin sprint", country="DE", city="Berlin", category="sprint", region=europe
    )
    EventFactory(title="Lisbon conference", country="PT", city="Lisbon")
    EventFactory(title="Online workshop", country="", city="", attendance_mode="online")
    page = html(
        client, reverse("events:index") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    )
    assert shown in page
    assert hidden not in page


def test_lists_are_paginated(client):
    for n in range(25):
        EventFactory(title=f"Event number {n:02d}", start=in_days(10 + n), end=in_days(11 + n))
    calendar_page = reverse("events:calendar", args=["python-events"])
    first = html(client, calendar_page)
    assert "Event number 19" in first
    assert "Event number 20" not in first
    assert "Page 1 of 2" in first
    second = html(client, calendar_page + "?page=2")
    assert "Event number 24" in second


def make_events(count, prefix):
    """``count`` published events, half of them over, every tenth a monthly series."""
    europe = Region.objects.get(slug="europe")
    calendar = python_events()
    events = []
    for n in range(count):
        start = in_days((n * 97) % 600 - 300)
        event = Event(
            calendar=calendar,
            uid=f"{prefix}-{n}",
            title=f"Bulk {n}",
            start=start,
            end=start + timedelta(hours=3),
            status="published",
            region=europe,
            country="DE",
            recurrence_rule="FREQ=MONTHLY;COUNT=3" if n % 10 == 0 else "",
        )
        event.series_end = event.compute_series_end()
        events.append(event)
    Event.objects.bulk_create(events)


@pytest.mark.parametrize(
    "url",
    [
        reverse("events:index"),
        reverse("events:index") + "?country=DE&region=europe&q=bulk&online=",
        reverse("events:calendar", args=["python-events"]),
        reverse("events:calendar-past", args=["python-events"]),
        reverse(
            "events:calendar-month", args=["python-events", date.today().year, date.today().month]
        ),
        reverse("events:calendar-widget", args=["python-events"]),
        reverse("events:calendar-ics", args=["python-events"]),
        reverse("events:calendar-rss", args=["python-events"]),
        reverse("events:calendar-atom", args=["python-events"]),
        reverse("events:calendar-json", args=["python-events"]),
        reverse("community:home"),
    ],
)
def test_query_count_does_not_grow_with_events(client, django_assert_num_queries, url):
    make_events(6, "few")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_events(300, "many")
    caches["near"].clear()  # the home page keeps unchanged blocks (jobs, kits) there
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_event_detail_shows_event_zone_and_utc_fallback_and_json_ld(client):
    sunday = next_spring_forward_sunday()
    start = datetime.combine(sunday, time(9), tzinfo=BERLIN)
    event = EventFactory(
        title="Sprint on the DST Sunday",
        timezone="Europe/Berlin",
        start=start,
        end=start + timedelta(hours=3),
    )
    page = html(client, event.get_absolute_url())
    assert "09:00\u201312:00 CEST" in page
    assert f'datetime="{sunday:%Y-%m-%d}T07:00:00+00:00"' in page
    assert "07:00\u201310:00 UTC</time>" in page  # start and end, as the local time reads
    assert 'src="/static/events/reader-time.js"' in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == f"{sunday:%Y-%m-%d}T09:00:00+02:00"
    assert data["name"] == "Sprint on the DST Sunday"


def test_event_detail_offers_ics_and_google_calendar(client):
    event = EventFactory(timezone="Europe/Berlin")
    page = html(client, event.get_absolute_url())
    assert reverse("events:event-ics", args=["python-events", event.pk]) in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "ctz=Europe%2FBerlin" in page


def test_organiser_contact_is_never_shown(client):
    event = EventFactory()
    page = html(client, event.get_absolute_url())
    assert "secret-organiser" not in page
    assert "Orla" not in page


def test_description_script_and_javascript_links_never_reach_the_page(client):
    event = EventFactory(
        description="Hi <script>alert('x')</script> [click](javascript:alert(1)) "
        '<a href="javascript:alert(2)">there</a>'
    )
    page = html(client, event.get_absolute_url())
    assert "alert" not in page
    assert "javascript:" not in page


def test_the_description_is_markdown_on_the_page_and_plain_text_in_its_metadata(client):
    event = EventFactory(description="Sprints & **talks**, then [dinner](https://example.org/).")
    page = html(client, event.get_absolute_url())
    assert "Sprints &amp; <strong>talks</strong>, then" in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(block.group(1))["description"] == "Sprints & talks, then dinner."
    assert "details=Sprints+%26+talks%2C+then+dinner." in page


def test_submitted_event_is_hidden_from_the_public_but_previewable(
    client, calendar_volunteer, member
):
    event = SubmittedEventFactory(title="Waiting")
    user_group_events().volunteers.add(calendar_volunteer)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(event.get_absolute_url()).status_code == 404
    # A volunteer of the other calendar may not preview it either.
    client.force_login(calendar_volunteer)
    assert client.get(event.get_absolute_url()).status_code == 404
    event.calendar.volunteers.add(calendar_volunteer)
    page = client.get(event.get_absolute_url())
    assert b"Preview: this event is <strong>submitted</strong>" in page.content
    assert "private" in page["Cache-Control"]


def test_cancelled_event_stays_listed_and_says_so(client, superuser):
    event = EventFactory(title="PyCon Atlantis")
    event_cancel(event=event, by=superuser)
    page = html(client, reverse("events:calendar", args=["python-events"]))
    assert "PyCon Atlantis" in page
    assert "Cancelled" in page


def test_wrong_slug_redirects_to_the_canonical_url(client):
    event = EventFactory(title="PyCon Lisbon")
    response = client.get(reverse("events:event-detail", args=["python-events", event.pk, "x"]))
    assert response.status_code == 301
    assert response["Location"] == event.get_absolute_url()


def test_month_grid_places_recurring_occurrences_on_their_days(client):
    first = datetime.combine(
        date.today().replace(day=1) + timedelta(days=40), time(19), tzinfo=BERLIN
    )
    first = first.replace(day=1)
    EventFactory(
        title="Monthly meetup",
        timezone="Europe/Berlin",
        start=first,
        end=first + timedelta(hours=2),
        recurrence_rule="FREQ=DAILY;INTERVAL=7;COUNT=3",
        cancelled_occurrences=[first + timedelta(days=7)],
    )
    page = html(
        client, reverse("events:calendar-month", args=["python-events", first.year, first.month])
    )
    # The cancelled meeting is left out of the grid (its event page says it is cancelled).
    assert page.count("Monthly meetup") == 2
    assert page.count(">Cancelled<") == 0
    assert "19:00" in page


def test_month_out_of_range_is_404(client):
    assert (
        client.get(reverse("events:calendar-month", args=["python-events", 2026, 13])).status_code
        == 404
    )


def test_public_pages_are_cacheable_and_answer_304(client):
    EventFactory()
    url = reverse("events:calendar", args=["python-events"])
    first = client.get(url)
    assert "public" in first["Cache-Control"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_recurring_event_page_shows_the_next_meeting_and_the_rule_in_words(client):
    first = in_days(-60).replace(hour=19)
    event = EventFactory(
        title="Monthly meetup",
        start=first,
        end=first + timedelta(hours=2),
        recurrence_rule="FREQ=MONTHLY;BYDAY=+2WE",
    )
    page = html(client, event.get_absolute_url())
    assert "Every month on the 2nd Wednesday" in page
    upcoming = event.next_occurrence()[0]
    assert upcoming > first
    assert upcoming.strftime("%a %-d %b %Y, 19:00") in page
    assert first.strftime("%a %-d %b %Y,") not in page


def test_a_busy_day_in_the_month_grid_shows_six_events_and_a_count(client):
    day = datetime.combine(date.today().replace(day=1) + timedelta(days=40), time(9), tzinfo=BERLIN)
    day = day.replace(day=10)
    for n in range(9):
        EventFactory(
            title=f"Busy day talk {n}",
            timezone="Europe/Berlin",
            start=day + timedelta(minutes=n),
            end=day + timedelta(hours=1),
        )
    page = html(
        client, reverse("events:calendar-month", args=["python-events", day.year, day.month])
    )
    assert page.count("Busy day talk") == 6
    assert "+3 more" in page


def test_a_month_grid_day_lists_events_by_the_local_time_it_shows(client):
    day = date.today().replace(day=1) + timedelta(days=40)
    for title, zone, hour in (
        ("Singapore nine", "Asia/Singapore", 9),
        ("Pune eight", "Asia/Kolkata", 8),
    ):
        start = datetime.combine(day.replace(day=12), time(hour), tzinfo=ZoneInfo(zone))
        EventFactory(title=title, timezone=zone, start=start, end=start + timedelta(hours=2))
    # 09:00 in Singapore (01:00 UTC) happens before 08:00 in Pune (02:30 UTC).
    page = html(
        client, reverse("events:calendar-month", args=["python-events", day.year, day.month])
    )
    assert page.index("Pune eight") < page.index("Singapore nine")


def test_event_addresses_are_the_ones_the_url_patterns_give():
    events = [
        EventFactory(title="PyCon Ünïcode & <Friends> 2027"),
        EventFactory(title="!!!"),
        EventFactory(title="Meetup #12", calendar=Calendar.objects.get(slug="user-group-events")),
    ]
    for event in events:
        expected = reverse(
            "events:event-detail",
            kwargs={"calendar": event.calendar.slug, "pk": event.pk, "slug": event.slug},
        )
        assert event.get_absolute_url() == expected
        assert resolve(expected).url_name == "event-detail"


def test_a_long_title_gives_an_address_cut_to_its_first_sixty_characters():
    event = EventFactory(
        title="Python Software Foundation Community Sprint on Packaging and Documentation, Berlin"
    )
    assert event.get_absolute_url() == (
        f"/events/python-events/{event.pk}/"
        "python-software-foundation-community-sprint-on-packaging-and/"
    )


def test_a_title_without_letters_or_digits_gives_the_address_event():
    event = EventFactory(title="!!! ???")
    assert event.get_absolute_url() == f"/events/python-events/{event.pk}/event/"


def test_an_events_address_follows_the_script_prefix():
    event = EventFactory(title="Sprint")
    assert event.get_absolute_url() == f"/events/python-events/{event.pk}/sprint/"
    set_script_prefix("/portal/")
    try:
        assert event.get_absolute_url() == f"/portal/events/python-events/{event.pk}/sprint/"
    finally:
        set_script_prefix("/")


def test_an_events_address_follows_the_requests_urlconf():
    event = EventFactory(title="Sprint")
    assert event.get_absolute_url() == f"/events/python-events/{event.pk}/sprint/"
    set_urlconf(__name__)
    try:
        assert event.get_absolute_url() == f"/elsewhere/python-events/{event.pk}/sprint/"
    finally:
        set_urlconf(None)


def test_a_calendar_renamed_in_place_gives_its_new_address():
    calendar = Calendar.objects.get(slug="python-events")
    calendar.get_absolute_url()
    calendar.slug = "conferences"
    calendar.save()
    assert calendar.get_absolute_url() == reverse("events:calendar", args=["conferences"])


def test_an_empty_month_says_so(client):
    page = html(client, reverse("events:calendar-month", args=["python-events", 2031, 2]))
    assert "No events in February 2031." in page
    EventFactory(
        start=datetime(2031, 2, 3, 9, tzinfo=BERLIN), end=datetime(2031, 2, 3, 17, tzinfo=BERLIN)
    )
    page = html(client, reverse("events:calendar-month", args=["python-events", 2031, 2]))
    assert "No events in" not in page

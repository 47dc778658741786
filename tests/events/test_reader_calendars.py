"""Calendars as readers use them (issue 16 §6): conferences apart from meetups, the country
menu, feeds that follow the page's filters, the month's Today link and agenda, the venue's
map link and the widget's size and headers."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.filters import country_menu
from events.views import widget_frame_height
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days, user_group_events

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def weekly_meetups(count):
    for n in range(count):
        start = in_days(1 + n % 6, hour=18)
        EventFactory(
            title=f"Weekly meetup {n}",
            calendar=user_group_events(),
            start=start,
            end=start + timedelta(hours=2),
            recurrence_rule="FREQ=WEEKLY",
        )


@pytest.mark.parametrize("url_name", ["community:home", "events:index"])
def test_meetups_do_not_push_conferences_off_the_overviews(client, url_name):
    weekly_meetups(12)
    EventFactory(title="PyCon Far Away", start=in_days(200), end=in_days(203))
    page = html(client, reverse(url_name))
    assert "PyCon Far Away" in page
    assert "Weekly meetup 0" in page
    conferences = page.index("Conferences, sprints and workshops")
    meetups = page.index("User group meetups")
    assert conferences < page.index("PyCon Far Away") < meetups < page.index("Weekly meetup 0")


def test_events_overview_and_python_events_calendar_have_different_titles(client):
    def title(url):
        return re.search(r"<title>(.*?)</title>", html(client, url), re.S).group(1)

    overview = title(reverse("events:index"))
    python_events = title(reverse("events:calendar", args=["python-events"]))
    assert overview != python_events
    assert overview.startswith("Python conferences and meetups")


def test_events_overview_filters_both_sections_and_links_on_with_them(client):
    EventFactory(title="Berlin sprint", country="DE")
    EventFactory(title="Lisbon conference", country="PT")
    EventFactory(title="Berlin meetup", country="DE", calendar=user_group_events())
    page = html(client, reverse("events:index") + "?country=DE")
    assert "Berlin sprint" in page
    assert "Berlin meetup" in page
    assert "Lisbon conference" not in page
    assert 'href="/events/user-group-events/?country=DE"' in page


def test_country_menu_lists_countries_with_public_events_only(client):
    EventFactory(country="DE")
    EventFactory(country="KE", calendar=user_group_events())
    SubmittedEventFactory(country="FR")
    assert country_menu() == [("", "Any country"), ("DE", "Germany"), ("KE", "Kenya")]
    page = html(client, reverse("events:calendar", args=["python-events"]))
    menu = re.search(r'<select[^>]* name="country">.*?</select>', page, re.S).group(0)
    assert menu.count("<option") == 3
    assert "France" not in menu


def test_a_country_without_events_still_filters_and_stays_selected(client):
    EventFactory(title="Lisbon conference", country="PT")
    page = html(client, reverse("events:calendar", args=["python-events"]) + "?country=FR")
    assert "Lisbon conference" not in page
    assert '<option value="FR" selected>France</option>' in page


def test_filters_collapse_on_phones_and_open_when_in_use(client):
    url = reverse("events:calendar", args=["python-events"])
    folded = html(client, url)
    assert 'class="event-filters card card-body collapse d-lg-block"' in folded
    assert 'data-bs-target="#event-filters"' in folded
    opened = html(client, url + "?category=sprint")
    assert 'collapse d-lg-block show"' in opened


def test_submit_and_subscribe_come_before_the_list_on_phones(client):
    EventFactory(title="PyCon Lisbon")
    page = html(client, reverse("events:calendar", args=["python-events"]))
    actions = page.index('class="d-flex flex-wrap gap-2 mb-3 d-lg-none calendar-actions"')
    assert actions < page.index("PyCon Lisbon")
    top = page[actions : page.index("PyCon Lisbon")]
    assert "Submit an event" in top
    assert 'href="webcal://' in top


FEEDS = ["calendar-ics", "calendar-rss", "calendar-atom", "calendar-json"]


def test_feed_links_carry_the_pages_filters(client):
    page = html(
        client,
        reverse("events:calendar", args=["python-events"]) + "?country=DE&q=+sprint&page=1&x=1",
    )
    for name in FEEDS:
        feed = reverse(f"events:{name}", args=["python-events"])
        assert f'{feed}?q=sprint&amp;country=DE"' in page
    assert "webcal://testserver/events/python-events.ics?q=sprint&amp;country=DE" in page
    assert "Subscribe to these results" in page
    plain = html(client, reverse("events:calendar", args=["python-events"]))
    assert f'href="{reverse("events:calendar-rss", args=["python-events"])}"' in plain


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_honour_the_filters(client, name):
    EventFactory(title="Berlin sprint", country="DE")
    EventFactory(title="Lisbon conference", country="PT")
    url = reverse(f"events:{name}", args=["python-events"])
    everything = client.get(url).content.decode()
    narrowed = client.get(url + "?country=DE").content.decode()
    assert "Lisbon conference" in everything
    assert "Berlin sprint" in narrowed
    assert "Lisbon conference" not in narrowed


def test_json_feed_takes_a_limit_beside_the_filters(client):
    for n in range(3):
        EventFactory(title=f"Berlin sprint {n}", country="DE", start=in_days(10 + n))
    EventFactory(title="Lisbon conference", country="PT", start=in_days(5))
    url = reverse("events:calendar-json", args=["python-events"]) + "?country=DE&limit=2"
    events = json.loads(client.get(url).content)["events"]
    assert [event["title"] for event in events] == ["Berlin sprint 0", "Berlin sprint 1"]


def test_month_has_a_today_link_and_an_agenda_view(client):
    today = timezone.localdate()
    EventFactory(title="Sprint this month", start=in_days(0, hour=12), end=in_days(0, hour=14))
    url = reverse("events:calendar-month", args=["python-events", today.year, today.month])
    grid = html(client, url)
    assert f'href="{url}#today">Today</a>' in grid
    assert 'id="today"' in grid
    assert "month-grid" in grid
    agenda = html(client, url + "?view=agenda")
    assert "month-agenda" in agenda
    assert "month-grid" not in agenda
    assert "Sprint this month" in agenda
    assert f'href="{url}?view=agenda#today">Today</a>' in agenda
    assert 'aria-current="page" href="' + url + '?view=agenda">Agenda</a>' in agenda


def test_event_page_links_to_the_venue_on_openstreetmap(client):
    event = EventFactory(
        venue_name="Congress Centre", venue_address="Rua 1", city="Lisbon", country="PT"
    )
    page = html(client, event.get_absolute_url())
    assert 'href="https://www.openstreetmap.org/search?query=Rua+1%2C+Lisbon%2C+Portugal"' in page
    assert "Map and directions" in page


def test_online_event_has_no_map_link(client):
    event = EventFactory(attendance_mode="online", venue_name="", city="", country="")
    assert "openstreetmap" not in html(client, event.get_absolute_url())


def test_suggested_widget_height_grows_with_the_events_it_shows(client):
    page = html(client, reverse("events:calendar", args=["python-events"]))
    assert f'height="{widget_frame_height(5)}"' in page.replace("&quot;", '"')
    assert widget_frame_height(5) > 400  # the old fixed size cut the fourth event off


def test_widget_answers_head_with_the_same_framing_headers_as_get(client):
    url = reverse("events:calendar-widget", args=["python-events"])
    got, head = client.get(url), client.head(url)
    assert head.status_code == got.status_code == 200
    assert "X-Frame-Options" not in head
    assert head["Content-Security-Policy"] == got["Content-Security-Policy"]
    assert "frame-ancestors *" in head["Content-Security-Policy"]


def test_country_menu_costs_one_query(client):
    EventFactory(country="DE")
    url = reverse("events:calendar", args=["python-events"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    scans = [q for q in queries.captured_queries if "WITH RECURSIVE used" in q["sql"]]
    assert len(scans) == 1


def test_feeds_never_look_up_the_country_menu(client):
    EventFactory(country="DE")
    url = reverse("events:calendar-rss", args=["python-events"]) + "?country=DE"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if "WITH RECURSIVE used" in q["sql"]]

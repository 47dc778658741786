import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory, SubmittedEventFactory, in_days, user_group_events

pytestmark = pytest.mark.django_db

EVIL = (
    "Hi <script>alert('x')</script> [click](javascript:alert(1)) "
    '<a href="javascript:alert(2)">there</a>'
)
FEEDS = [
    "events:calendar-rss",
    "events:calendar-atom",
    "events:calendar-json",
    "events:calendar-ics",
]


def get(client, name, slug="python-events", **headers):
    return client.get(reverse(name, args=[slug]), headers=headers)


def test_rss_lists_upcoming_public_events_with_links(client):
    event = EventFactory(title="PyCon Lisbon")
    SubmittedEventFactory(title="Not reviewed")
    EventFactory(title="Over", start=in_days(-40), end=in_days(-39))
    root = ET.fromstring(get(client, "events:calendar-rss").content)  # noqa: S314 - our own feed
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["PyCon Lisbon"]
    assert root.find("channel/item/link").text.endswith(event.get_absolute_url())
    assert root.find("channel/item/guid").text == event.uid


def test_atom_entries_carry_their_own_updated_dates(client):
    event = EventFactory()
    root = ET.fromstring(get(client, "events:calendar-atom").content)  # noqa: S314 - our own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    updated = root.find("a:entry/a:updated", ns).text
    assert updated.startswith(event.updated_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert root.find("a:updated", ns).text == updated


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_answer_304_for_a_matching_etag(client, name):
    EventFactory()
    first = get(client, name)
    assert first.status_code == 200
    second = get(client, name, if_none_match=first["ETag"])
    assert second.status_code == 304


@pytest.mark.parametrize("name", FEEDS)
def test_feed_bodies_are_one_piece(client, name):
    EventFactory()
    response = get(client, name)
    assert len(response._container) == 1


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_never_carry_script_or_javascript_links(client, name):
    EventFactory(description=EVIL)
    body = get(client, name).content.decode()
    assert "alert" not in body
    assert "javascript:" not in body
    assert "<script" not in body
    assert "&lt;script" not in body


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_never_show_the_organiser(client, name):
    EventFactory(organiser_email="secret-organiser@example.org")
    assert b"secret-organiser" not in get(client, name).content


def test_json_lists_upcoming_events_and_allows_any_origin(client):
    EventFactory(title="PyCon Lisbon", timezone="Europe/Lisbon")
    EventFactory(title="Meetup", calendar=user_group_events())
    response = get(client, "events:calendar-json")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["calendar"]["slug"] == "python-events"
    assert [e["title"] for e in data["events"]] == ["PyCon Lisbon"]
    assert data["events"][0]["timezone"] == "Europe/Lisbon"
    assert "organiser_email" not in data["events"][0]


def test_json_limit_is_bounded(client):
    for _ in range(3):
        EventFactory()
    assert len(client.get("/events/python-events.json?limit=2").json()["events"]) == 2
    assert len(client.get("/events/python-events.json?limit=nope").json()["events"]) == 3


def test_feeds_refuse_post(client):
    assert client.post(reverse("events:calendar-json", args=["python-events"])).status_code == 405

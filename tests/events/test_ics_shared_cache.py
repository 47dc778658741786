from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse

from events import feeds
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_calendar_feed_is_built_once_and_shared_between_processes(client):
    EventFactory(title="Shared Conf")
    url = reverse("events:calendar-ics", kwargs={"calendar": "python-events"})
    gzip = {"Accept-Encoding": "gzip"}  # the clients that fill the shared copy
    with mock.patch.object(
        feeds, "calendar_feed_to_ical", wraps=feeds.calendar_feed_to_ical
    ) as build:
        first = client.get(url, headers=gzip).content
        caches["near"].clear()  # another worker: its own page cache is empty
        second = client.get(url, headers=gzip).content
        caches["near"].clear()
        plain = client.get(url).content  # and a client without gzip reads it too
    assert build.call_count == 1
    assert first == second
    assert b"Shared Conf" in plain


def test_a_change_builds_the_feed_again(client):
    event = EventFactory(title="Before")
    url = reverse("events:calendar-ics", kwargs={"calendar": "python-events"})
    assert b"Before" in client.get(url).content
    event.title = "After"
    event.save()
    assert b"After" in client.get(url).content

"""An event's description is bounded (10,000 characters) and any text within the bound
renders quickly: the 10,000-bracket description of issue 23 took 26 s to render."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory
from tests.events.test_submission import submit

pytestmark = pytest.mark.django_db

BRACKETS = "[" * 10_000


def test_ten_thousand_brackets_are_accepted_and_every_page_shows_them(
    client, member, calendar_volunteer
):
    client.force_login(member)
    assert submit(client, description=BRACKETS).status_code == 302
    submitted = Event.objects.get()
    assert submitted.description == BRACKETS
    submitted.calendar.volunteers.add(calendar_volunteer)
    for user in (member, calendar_volunteer):  # the preview answered 500 to both
        client.force_login(user)
        preview = client.get(submitted.get_absolute_url())
        assert preview.status_code == 200
        assert BRACKETS in preview.content.decode()
    event = EventFactory(description=BRACKETS)  # published
    client.logout()
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert BRACKETS in page.content.decode()
    for name in ("events:calendar-rss", "events:calendar-json", "events:calendar-ics"):
        assert client.get(reverse(name, args=[event.calendar.slug])).status_code == 200


def test_a_longer_description_is_refused_with_both_numbers(client, member):
    client.force_login(member)
    response = submit(client, description="a" * 10_001)
    assert response.status_code == 200
    assert "at most 10,000 characters; it has 10,001" in response.content.decode()
    assert not Event.objects.exists()


def test_line_breaks_count_once_as_the_browser_counts_them(client, member):
    client.force_login(member)
    text = "line\r\n" * 1_600  # 11,200 characters as sent, 9,600 as typed
    assert submit(client, description=text).status_code == 302
    assert Event.objects.get().description == "line\n" * 1_599 + "line"


def test_the_database_refuses_a_longer_description():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(description="a" * 10_001)

"""Moderating one event from its page, counted in clicks from the admin home."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from events.models import Event, EventStatus
from tests.events.factories import EventFactory, SubmittedEventFactory, python_events
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/event/"


@pytest.fixture
def volunteer(calendar_volunteer):
    python_events().volunteers.add(calendar_volunteer)
    return calendar_volunteer


def links(html):
    return [unescape(href) for href in re.findall(r'<a [^>]*href="([^"]+)"', html)]


def test_approving_takes_three_clicks_from_the_admin_home(
    client, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    submitter = UserFactory(email="ada@example.org")
    event = SubmittedEventFactory(title="PyCon Waiting", submitted_by=submitter)
    client.force_login(volunteer)
    home = client.get(reverse("admin:index")).content.decode()
    # Click 1: the waiting count on the admin home opens the queue.
    assert "Events to review" in home
    queue_url = reverse("admin:events_event_changelist")
    assert queue_url in links(home)
    queue = client.get(queue_url).content.decode()
    # Click 2: the event in the queue.
    change_url = reverse("admin:events_event_change", args=[event.pk])
    assert change_url in links(queue)
    page = client.get(change_url).content.decode()
    # Click 3: Approve, a button on the event's page.
    moderate_url = reverse("admin:events_event_moderate", args=[event.pk])
    assert f'action="{moderate_url}"' in page
    assert "Approve and publish" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(moderate_url, {"action": "publish"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.status_changes.last().by == volunteer
    assert len(mailoutbox) == 1


def test_after_a_decision_the_next_waiting_event_opens(client, volunteer):
    first = SubmittedEventFactory(title="First")
    second = SubmittedEventFactory(title="Second")
    Event.objects.filter(pk=first.pk).update(created_at=second.created_at - timedelta(hours=1))
    client.force_login(volunteer)
    response = client.post(
        reverse("admin:events_event_moderate", args=[first.pk]), {"action": "publish"}
    )
    assert response["Location"] == reverse("admin:events_event_change", args=[second.pk])
    response = client.post(
        reverse("admin:events_event_moderate", args=[second.pk]), {"action": "publish"}
    )
    assert response["Location"] == reverse("admin:events_event_changelist")


def test_reject_with_reason_from_the_event_page(
    client, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    event = SubmittedEventFactory(submitted_by=UserFactory(email="bo@example.org"))
    client.force_login(volunteer)
    url = reverse("admin:events_event_moderate", args=[event.pk])
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Reject with this reason" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reject", "reason": "Please add the venue."})
    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED
    assert event.rejection_reason == "Please add the venue."
    assert "Please add the venue." in mailoutbox[0].body


def test_a_rejection_without_a_reason_is_refused(client, volunteer):
    event = SubmittedEventFactory()
    client.force_login(volunteer)
    url = reverse("admin:events_event_moderate", args=[event.pk])
    page = client.post(url, {"action": "reject", "reason": "  "}, follow=True).content.decode()
    assert "A rejection needs a reason" in page
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_moderating_is_post_only_and_for_the_calendars_volunteers(client, volunteer):
    from tests.events.factories import user_group_events

    other_calendar = SubmittedEventFactory(calendar=user_group_events())
    client.force_login(volunteer)
    url = reverse("admin:events_event_moderate", args=[other_calendar.pk])
    assert client.post(url, {"action": "publish"}).status_code == 404
    own = SubmittedEventFactory()
    assert client.get(reverse("admin:events_event_moderate", args=[own.pk])).status_code == 405


def test_no_buttons_on_an_event_that_does_not_wait(client, volunteer):
    event = EventFactory()
    client.force_login(volunteer)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Approve and publish" not in page


def test_the_list_opens_on_what_waits(client, volunteer):
    SubmittedEventFactory(title="Waiting one")
    EventFactory(title="Published one")
    client.force_login(volunteer)
    page = client.get(CHANGELIST).content.decode()
    assert "Waiting one" in page
    assert "Published one" not in page
    assert "Published one" in client.get(CHANGELIST + "?status=all").content.decode()


def test_the_queue_query_count_does_not_grow_with_its_rows(
    client, volunteer, django_assert_max_num_queries
):
    for _ in range(3):
        SubmittedEventFactory()
    client.force_login(volunteer)
    client.get(CHANGELIST)  # warm the session and the permission caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for _ in range(12):
        SubmittedEventFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST)


def test_the_submitter_shows_as_name_and_email_not_a_forbidden_link(client, volunteer):
    submitter = UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    event = SubmittedEventFactory(submitted_by=submitter)
    client.force_login(volunteer)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Ada Lovelace" in page
    assert "mailto:ada@example.org" in page
    assert reverse("admin:auth_user_change", args=[submitter.pk]) not in page


def test_times_show_and_edit_in_the_events_own_zone(client, volunteer):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    start = datetime(2027, 6, 10, 9, 0, tzinfo=paris)
    event = SubmittedEventFactory(
        title="Paris meetup", timezone="Europe/Paris", start=start, end=start + timedelta(hours=3)
    )
    all_day = SubmittedEventFactory(
        title="PyCon US",
        timezone="America/Los_Angeles",
        is_all_day=True,
        start=datetime(2027, 5, 14, tzinfo=ZoneInfo("America/Los_Angeles")),
        end=datetime(2027, 5, 23, tzinfo=ZoneInfo("America/Los_Angeles")),
    )
    client.force_login(volunteer)
    listing = client.get(CHANGELIST).content.decode()
    assert "Thu 10 Jun 2027, 09:00\N{EN DASH}12:00 CEST" in listing
    assert "Fri 14 May 2027 \N{EN DASH} Sat 22 May 2027" in listing
    assert "7 a.m." not in listing
    url = reverse("admin:events_event_change", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'name="start_1" value="09:00:00"' in page
    # Saving the form as shown keeps 09:00 in Paris (07:00 UTC in summer).
    data = {
        "calendar": event.calendar_id,
        "title": event.title,
        "category": event.category,
        "description": event.description,
        "timezone": "Europe/Paris",
        "start_0": "2027-06-10",
        "start_1": "10:00:00",
        "end_0": "2027-06-10",
        "end_1": "12:00:00",
        "attendance_mode": event.attendance_mode,
        "city": event.city,
        "country": event.country,
        "website_url": event.website_url,
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.start == datetime(2027, 6, 10, 8, 0, tzinfo=UTC)
    assert all_day.local_start.hour == 0

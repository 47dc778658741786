from datetime import timedelta

import pytest
from django.urls import reverse

from events.models import EventStatus
from events.services import event_publish
from tests.events.factories import (
    EventFactory,
    SubmittedEventFactory,
    python_events,
    user_group_events,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/events/event/"


@pytest.fixture
def volunteer(calendar_volunteer):
    python_events().volunteers.add(calendar_volunteer)
    return calendar_volunteer


def act(client, action, events, **extra):
    data = {"action": action, "_selected_action": [e.pk for e in events], **extra}
    # From the "All" tab: the list opens on what waits, and some events here do not.
    return client.post(CHANGELIST + "?status=all", data, follow=True)


def test_a_volunteer_sees_only_their_calendars_events(client, volunteer):
    SubmittedEventFactory(title="Conference to review")
    other = SubmittedEventFactory(title="Meetup to review", calendar=user_group_events())
    client.force_login(volunteer)
    page = client.get(CHANGELIST).content.decode()
    assert "Conference to review" in page
    assert "Meetup to review" not in page
    response = client.get(reverse("admin:events_event_change", args=[other.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect


def test_an_admin_moderates_both_calendars(client, superuser):
    SubmittedEventFactory(title="Conference to review")
    SubmittedEventFactory(title="Meetup to review", calendar=user_group_events())
    client.force_login(superuser)
    page = client.get(CHANGELIST).content.decode()
    assert "Conference to review" in page
    assert "Meetup to review" in page


def test_other_roles_cannot_moderate(client, job_reviewer, member):
    client.force_login(job_reviewer)
    assert client.get(CHANGELIST).status_code == 403
    client.force_login(member)
    assert client.get(CHANGELIST).status_code == 403  # the site's page, see test_admin_access


def test_queue_is_oldest_first(client, volunteer):
    newer = SubmittedEventFactory(title="Newer submission")
    older = SubmittedEventFactory(title="Older submission")
    older.created_at = newer.created_at - timedelta(days=2)
    older.save()
    client.force_login(volunteer)
    page = client.get(CHANGELIST).content.decode()  # opens on what waits
    assert page.index("Older submission") < page.index("Newer submission")


def test_bulk_publish_publishes_and_mails_the_submitters(
    client, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    submitter = UserFactory(email="ada@example.org")
    events = [SubmittedEventFactory(submitted_by=submitter) for _ in range(2)]
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "publish_selected", events)
    assert "2 event(s) published" in response.content.decode()
    for event in events:
        event.refresh_from_db()
        assert event.status == EventStatus.PUBLISHED
        assert event.status_changes.last().by == volunteer
    assert len(mailoutbox) == 2
    assert "is published" in mailoutbox[0].subject
    assert events[0].get_absolute_url() in mailoutbox[0].body + mailoutbox[1].body


def test_reject_asks_for_a_reason_then_mails_it(
    client, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    event = SubmittedEventFactory(submitted_by=UserFactory(email="bob@example.org"))
    client.force_login(volunteer)
    page = act(client, "reject_selected", [event])
    assert b"Why are these events rejected?" in page.content
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "reject_selected", [event], apply="1", reason="Not about Python.")
    event.refresh_from_db()
    assert event.status == EventStatus.REJECTED
    assert event.rejection_reason == "Not about Python."
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["bob@example.org"]
    assert "Reason: Not about Python." in mailoutbox[0].body


def test_reject_without_a_reason_changes_nothing(client, volunteer):
    event = SubmittedEventFactory()
    client.force_login(volunteer)
    page = act(client, "reject_selected", [event], apply="1", reason="")
    assert b"Please give a reason." in page.content
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_publishing_twice_reports_the_impossible_transition(client, volunteer):
    event = SubmittedEventFactory(title="Already out")
    event_publish(event=event, by=volunteer)
    client.force_login(volunteer)
    page = act(client, "publish_selected", [event]).content.decode()
    assert "“Already out”: An event that is “Published” cannot become “Published”." in page


def test_duplicates_are_flagged_in_the_queue_and_listed_on_the_event(client, volunteer):
    original = SubmittedEventFactory(title="PyCon Lisbon 2027")
    event_publish(event=original, by=volunteer)
    duplicate = SubmittedEventFactory(
        title="PyCon Lisboa 2027", start=original.start, end=original.end
    )
    same_site = SubmittedEventFactory(title="Something else", website_url=original.website_url)
    SubmittedEventFactory(title="Unrelated sprint")
    client.force_login(volunteer)
    page = client.get(CHANGELIST + "?duplicates=yes").content.decode()
    assert "PyCon Lisboa 2027" in page
    assert "Something else" in page
    assert "Unrelated sprint" not in page
    change = client.get(reverse("admin:events_event_change", args=[duplicate.pk]))
    assert "PyCon Lisbon 2027" in change.content.decode()
    assert same_site.possible_duplicates()[0] == original


def test_possible_duplicates_have_a_similar_title_and_overlapping_dates_or_the_same_site():
    original = EventFactory(title="PyCon Lisbon 2027")
    start, end = original.start, original.end
    twin = SubmittedEventFactory(title="PyCon Lisboa 2027", start=start, end=end)
    far_off = start + timedelta(days=90)
    same_site = SubmittedEventFactory(
        title="Something else",
        website_url=original.website_url,
        start=far_off,
        end=far_off + timedelta(hours=8),
    )
    SubmittedEventFactory(title="Unrelated sprint", start=start, end=end)
    SubmittedEventFactory(title="PyCon Lisbon 2027", start=end, end=end + timedelta(hours=8))
    SubmittedEventFactory(title="PyCon Lisbon 2027", start=start - timedelta(hours=8), end=start)
    EventFactory(title="PyCon Lisbon 2027", start=start, end=end, status=EventStatus.ARCHIVED)
    assert set(original.possible_duplicates()) == {twin, same_site}


def test_possible_duplicates_are_the_ten_most_similar_first(django_assert_num_queries):
    original = EventFactory(title="PyCon Lisbon 2027")
    later = original.start + timedelta(hours=1)
    for day in range(10):
        SubmittedEventFactory(title=f"PyCon Lisbon 2027 day {day}", start=later, end=original.end)
    exact = SubmittedEventFactory(title="PyCon Lisbon 2027", start=later, end=original.end)
    with django_assert_num_queries(1):
        found = [(event, event.calendar.name) for event in original.possible_duplicates()]
    assert len(found) == 10
    assert found[0] == (exact, "Python events")


def test_change_page_links_to_the_public_preview(client, volunteer):
    event = SubmittedEventFactory()
    client.force_login(volunteer)
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert f'href="{event.get_absolute_url()}"' in page
    assert client.get(event.get_absolute_url()).status_code == 200


def test_admin_refuses_an_unknown_time_zone_and_a_broken_rrule(client, volunteer):
    event = SubmittedEventFactory()
    client.force_login(volunteer)
    url = reverse("admin:events_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "tags"}
    data.update(
        {
            "calendar": event.calendar_id,
            "start_0": event.start.strftime("%Y-%m-%d"),
            "start_1": event.start.strftime("%H:%M:%S"),
            "end_0": event.end.strftime("%Y-%m-%d"),
            "end_1": event.end.strftime("%H:%M:%S"),
            "timezone": "Mars/Olympus",
            "recurrence_rule": "FREQ=SOMETIMES",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Use an IANA time zone name" in response.content.decode()
    event.refresh_from_db()
    assert event.timezone == "UTC"


def change_form_data(client, event, **changes):
    url = reverse("admin:events_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name in ("start", "end"):
            continue
        if name == "tags":
            value = ",".join(value)
        elif name in ("skipped_dates", "cancelled_dates"):
            value = field.prepare_value(value)
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    local_start, local_end = event.start, event.end
    data.update(
        {
            "start_0": local_start.strftime("%Y-%m-%d"),
            "start_1": local_start.strftime("%H:%M:%S"),
            "end_0": local_end.strftime("%Y-%m-%d"),
            "end_1": local_end.strftime("%H:%M:%S"),
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        }
    )
    data.update(changes)
    return url, data


def test_volunteer_cancels_one_meeting_of_a_series_by_its_date(client, volunteer):
    from events.models import Event
    from tests.events.factories import EventFactory, in_days

    start = in_days(7, hour=18)
    event = EventFactory(start=start, end=start + timedelta(hours=2), recurrence_rule="FREQ=WEEKLY")
    client.force_login(volunteer)
    second = (start + timedelta(weeks=1)).date()
    url, data = change_form_data(client, event, cancelled_dates=second.isoformat())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(pk=event.pk)
    assert event.cancelled_occurrences == [start + timedelta(weeks=1)]
    assert event.sequence == 1

    url, data = change_form_data(client, event, skipped_dates=(start + timedelta(days=1)).date())
    response = client.post(url, data)
    assert "The series has no meeting on" in response.content.decode()
